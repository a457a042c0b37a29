using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Handler;

/// <summary>
/// Every scheme, valid and invalid, through the handler with a capturing log: no secret, AppCode, token,
/// signature or Authorization value may appear in a log line, a Deny message or an exception message.
/// </summary>
public sealed class LogRedactionTests
{
    private const string WrongSecret = "WrongSecretZ9y8x7w6v5u4t3s2r1q0p";
    private const string FakeToken = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhcHAtY29ycHVzIn0.c2lnbmF0dXJlc2lnbmF0dXJl";

    [Fact]
    public async Task No_credential_material_reaches_logs_or_messages()
    {
        var world = new TestWorld();
        var secretsSeen = new List<string> { CorpusSecrets.AppSecret, WrongSecret, EngineWorld.AppCode, FakeToken, "TOKENMARKER" };
        var messages = new List<string>();

        foreach (var (scheme, secret) in new[]
        {
            (SchemeIds.SignatureCa, CorpusSecrets.AppSecret), (SchemeIds.SignatureCa, WrongSecret),
            (SchemeIds.SignatureSdk, CorpusSecrets.AppSecret), (SchemeIds.SignatureSdk, WrongSecret),
            (SchemeIds.AppBasic, CorpusSecrets.AppSecret), (SchemeIds.AppBasic, WrongSecret),
            (SchemeIds.AppSecret, CorpusSecrets.AppSecret), (SchemeIds.AppSecret, WrongSecret),
        })
        {
            foreach (var kind in new[] { "rest", "http" })
            {
                var builder = new EventBuilder { Kind = kind, Path = "/echo/a" }.Header("Host", "api.example.com");
                var signable = new SignableRequest("GET", "/echo/a", [], [new("Host", "api.example.com")]);
                var credentials = new SigningCredentials { Scheme = scheme, AppKey = CorpusSecrets.AppKey, AppSecret = secret };
                foreach (var (name, value) in new RequestSigner(world.Engine.Time).Sign(signable, credentials))
                {
                    builder.Header(name, value);
                    if (name is "X-Ca-Signature" or "Authorization" or "X-HW-AppKey")
                    {
                        secretsSeen.Add(value);
                        var signaturePart = value.LastIndexOf("Signature=", StringComparison.Ordinal);
                        if (signaturePart >= 0)
                        {
                            secretsSeen.Add(value[(signaturePart + "Signature=".Length)..]);
                        }
                    }
                }

                messages.Add((await world.InvokeAsync(builder)).ToString());
            }
        }

        foreach (var header in new[]
        {
            ("Authorization", "APPCODE " + EngineWorld.AppCode), ("Authorization", "APPCODE TOKENMARKER-not-a-code"),
            ("X-Apig-AppCode", EngineWorld.AppCode), ("Authorization", "Bearer " + FakeToken), ("X-Auth-Token", FakeToken),
            ("Authorization", "Basic !!!TOKENMARKER"), ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("TOKENMARKER"))),
        })
        {
            var builder = new EventBuilder { Path = "/echo/a" }.Header("Host", "api.example.com").Header(header.Item1, header.Item2);
            messages.Add((await world.InvokeAsync(builder)).ToString());
            var twice = new EventBuilder { Path = "/echo/a" }.Header("Host", "api.example.com").Header(header.Item1, header.Item2).Header(header.Item1, header.Item2);
            messages.Add((await world.InvokeAsync(twice)).ToString());
        }

        var log = world.LogText;
        Assert.NotEmpty(log);
        foreach (var secret in secretsSeen.Where(s => s.Length >= 8).Distinct())
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            foreach (var message in messages)
            {
                Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
            }
        }
    }
}
