using Authorizer.Core.Decisions;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Bypass;

/// <summary>A second copy of a credential (or a second credential) never lets the request choose which one counts.</summary>
public sealed class DuplicateCredentialTests
{
    private static readonly string Basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(CorpusSecrets.AppKey + ":" + CorpusSecrets.AppSecret));

    public static TheoryData<string, string[]> Duplicates() => new()
    {
        { "two Authorization headers, both valid", ["Authorization", Basic, "Authorization", Basic] },
        { "valid and invalid Authorization", ["Authorization", "Basic Zm9vOmJhcg==", "Authorization", Basic] },
        { "two X-Apig-AppCode", ["X-Apig-AppCode", EngineWorld.AppCode, "X-Apig-AppCode", EngineWorld.AppCode] },
        { "AppCode in two headers", ["Authorization", "APPCODE " + EngineWorld.AppCode, "X-Apig-AppCode", EngineWorld.AppCode] },
        { "two X-HW-ID", ["X-HW-ID", CorpusSecrets.AppKey, "X-HW-ID", "other", "X-HW-AppKey", CorpusSecrets.AppSecret] },
        { "two X-HW-AppKey", ["X-HW-ID", CorpusSecrets.AppKey, "X-HW-AppKey", "wrong", "X-HW-AppKey", CorpusSecrets.AppSecret] },
        { "basic plus app-secret", ["Authorization", Basic, "X-HW-ID", CorpusSecrets.AppKey, "X-HW-AppKey", CorpusSecrets.AppSecret] },
        { "two X-Auth-Token", ["X-Auth-Token", "a.b.c", "X-Auth-Token", "a.b.c"] },
        { "bearer plus X-Auth-Token", ["Authorization", "Bearer a.b.c", "X-Auth-Token", "a.b.c"] },
        { "two X-Ca-Signature", ["X-Ca-Key", CorpusSecrets.AppKey, "X-Ca-Signature", "AAAA", "X-Ca-Signature", "BBBB"] },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public void Duplicated_credentials_are_ambiguous(string description, string[] pairs)
    {
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            headers.Add(new(pairs[i], pairs[i + 1]));
        }

        var decision = new EngineWorld().Authorize(EngineWorld.Request("GET", "/echo/a", headers: headers));
        Assert.True(decision.Outcome == DecisionOutcome.Deny, description);
        Assert.Equal(ErrorCodes.AmbiguousCredentials, decision.ErrorCode);
    }

    [Fact]
    public void Appcode_in_header_and_query_is_ambiguous()
    {
        var decision = new EngineWorld().Authorize(EngineWorld.Request(
            "GET", "/echo/a", [new("appcode", EngineWorld.AppCode)], [new("X-Apig-AppCode", EngineWorld.AppCode)]));
        Assert.Equal(ErrorCodes.AmbiguousCredentials, decision.ErrorCode);
    }

    [Fact]
    public void Appcode_under_two_query_spellings_is_ambiguous()
    {
        var decision = new EngineWorld().Authorize(EngineWorld.Request(
            "GET", "/echo/a", [new("appcode", EngineWorld.AppCode), new("APPCODE", EngineWorld.AppCode)]));
        Assert.Equal(ErrorCodes.AmbiguousCredentials, decision.ErrorCode);
    }
}
