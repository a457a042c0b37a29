using Authorizer.Core.Model;

namespace Authorizer.Store.Tests;

/// <summary>An app's token cutoffs are kept with the app record.</summary>
public abstract partial class AppStoreContractTests
{
    [Fact]
    public async Task Token_cutoffs_are_stored_with_the_app()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        var cutoffs = new List<TokenCutoff> { new(TestData.Start, TestData.Start), new(TestData.Start.AddMinutes(1), TestData.Start.AddMinutes(11)) };

        await Store.UpdateAppAsync(app with { TokenCutoffs = cutoffs }, app.Version);

        Assert.Equal(cutoffs, (await Store.GetAppAsync(app.AppId))!.TokenCutoffs);
        Assert.Equal(cutoffs, (await Store.GetAppByKeyAsync(app.AppKey))!.TokenCutoffs);
    }
}
