using Authorizer.Core.Model;
using Authorizer.Local.Gateway;
using Authorizer.Local.Seeding;
using Authorizer.Local.Template;

namespace Authorizer.Local.Tests;

/// <summary>
/// The demo seed defers body signatures on the HTTP API only, and only because every authorized route there ends
/// in the sample function, which completes them: a function that skipped Authorizer.Backend would accept
/// unverified bodies (docs/SECURITY.md).
/// </summary>
public sealed class DemoBodySignatureTests
{
    [Fact]
    public void Every_authorized_route_of_a_deferring_api_ends_in_the_sample_backend()
    {
        var template = TemplateReader.Read(RepositoryPaths.Template);
        var http = ApiContext.Assign(template.Apis).Where(a => a.Definition.Kind == ApiKind.Http).ToList();

        var seed = DemoSeed.Create([.. http.Select(a => a.ApiId)]);

        var deferring = seed.Apis.Where(a => a.BodySignatures == BodySignatureMode.Backend).Select(a => a.ApiId).ToList();
        Assert.Equal(http.Select(a => a.ApiId), deferring);
        Assert.Equal(BodySignatureMode.Refuse, seed.Apis.Single(a => a.ApiId == ApiSettings.DefaultApiId).BodySignatures);
        foreach (var api in http)
        {
            Assert.All(
                api.Definition.Routes.Where(r => r.AuthorizerName is not null),
                route => Assert.Equal("EchoFunction", route.FunctionLogicalId));
        }
    }
}
