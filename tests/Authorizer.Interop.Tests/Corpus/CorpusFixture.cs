using Authorizer.Interop.Tests.Node;

namespace Authorizer.Interop.Tests.Corpus;

/// <summary>
/// Signs the corpus once per test run. If npm or node fail, every test that needs the corpus fails with
/// their output: interoperability is never silently skipped.
/// </summary>
public sealed class CorpusFixture : IAsyncLifetime
{
    public const string AppKey = "204718853";
    public const string AppSecret = "Wm3qT8vLx2Rk9pZc5Nf1Hs7Jd4Gb6Ya0";

    private SignedCorpus? _corpus;

    public SignedCorpus Corpus => _corpus ?? throw new InvalidOperationException("the corpus was not signed");

    public async Task InitializeAsync() => _corpus = await NodeCorpusSigner.SignAsync(AppKey, AppSecret);

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class SignedCorpusGroup : ICollectionFixture<CorpusFixture>
{
    public const string Name = "signed corpus";
}
