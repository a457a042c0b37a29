using System.Globalization;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using Authorizer.Security.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Security.Tests.Properties;

/// <summary>
/// Any single change to a signed element of a signed request is refused, and the unchanged request is then
/// allowed — so the change, not something else, is what the authorizer refused.
/// </summary>
public sealed class MutationProperties
{
    public const int Cases = 30_000;

    private delegate (GeneratedRequest Request, List<KeyValuePair<string, string>> Headers) Mutation(
        GeneratedRequest request, List<KeyValuePair<string, string>> headers);

    private static readonly (string Name, Mutation Apply)[] SignatureMutations =
    [
        ("method", (r, h) => (r with { Method = r.Method == "GET" ? "POST" : "GET" }, h)),
        ("path", (r, h) => (r with { Path = r.Path + "x" }, h)),
        ("query value", (r, h) => r.Query.Count == 0
            ? (r with { Query = [new("added", "1")] }, h)
            : (r with { Query = [.. r.Query.Take(r.Query.Count - 1), new(r.Query[^1].Key, r.Query[^1].Value + "x")] }, h)),
        ("query name", (r, h) => r.Query.Count == 0
            ? (r with { Query = [new("q", string.Empty)] }, h)
            : (r with { Query = [new(r.Query[0].Key + "x", r.Query[0].Value), .. r.Query.Skip(1)] }, h)),
        ("query added", (r, h) => (r with { Query = [.. r.Query, new("zz", "1")] }, h)),
        ("query dropped", (r, h) => r.Query.Count == 0
            ? (r with { Query = [new("dropped", "x")] }, h)
            : (r with { Query = [.. r.Query.Skip(1)] }, h)),
        ("signature", (r, h) => (r, Replace(h, IsSignatureHeader, FlipSignature))),
        ("app key", (r, h) => (r, ChangeAppKey(h))),
        ("timestamp", (r, h) => (r, Replace(h, n => n is "X-Ca-Timestamp" or "X-Sdk-Date", ShiftTime))),
        ("signed custom header", (r, h) => (r, Replace(h, n => n == SignedHeaderToTouch(r), v => v + "x"))),
        ("signed header removed", (r, h) => (r, h.Where(p => p.Key != SignedHeaderToTouch(r)).ToList())),
    ];

    private static readonly (string Name, Mutation Apply)[] CaOnlyMutations =
    [
        ("accept", (r, h) => (r, SetHeader(h, "Accept", "application/xml"))),
        ("content-type", (r, h) => (r, SetHeader(h, "Content-Type", "application/xml"))),
        ("nonce", (r, h) => (r, Replace(h, n => n == "X-Ca-Nonce", v => v + "x"))),
    ];

    private static readonly (string Name, Mutation Apply)[] SecretMutations =
    [
        ("secret", (r, h) => (r, MutateStaticCredential(h))),
        ("app key", (r, h) => (r, ChangeAppKey(h))),
    ];

    [Fact]
    public void Any_single_mutation_of_a_signed_element_is_denied()
    {
        var world = new EngineWorld(EngineWorld.Unthrottled);
        var signing = new Signing(world);
        var generator =
            from request in RequestGenerators.Request
            from pick in Gen.Choose(0, 1_000)
            select (request, pick);
        Check.One(
            PropertyRun.Config(Cases, salt: 2),
            Prop.ForAll(generator.ToArbitrary(), input =>
            {
                var (generated, pick) = input;
                var headers = signing.SignedHeaders(generated);
                var mutations = generated.Scheme switch
                {
                    SchemeIds.SignatureCa => [.. SignatureMutations, .. CaOnlyMutations],
                    SchemeIds.SignatureSdk => SignatureMutations,
                    _ => SecretMutations,
                };
                var (name, apply) = mutations[pick % mutations.Length];
                var (mutatedRequest, mutatedHeaders) = apply(generated, headers);

                var denied = world.Authorize(Signing.ToAuthRequest(mutatedRequest, mutatedHeaders));
                if (denied.Outcome == DecisionOutcome.Allow)
                {
                    Assert.Fail($"mutation '{name}' was allowed: {generated}");
                }

                var allowed = world.Authorize(Signing.ToAuthRequest(generated, headers));
                if (allowed.Outcome != DecisionOutcome.Allow)
                {
                    Assert.Fail($"unmutated request refused after mutation '{name}': {allowed.ErrorCode} {generated}");
                }
            }));
    }

    [Fact]
    public void A_replayed_alibaba_request_is_denied_as_a_used_nonce()
    {
        var world = new EngineWorld(EngineWorld.Unthrottled);
        var signing = new Signing(world);
        var generator = RequestGenerators.Request.Select(r => r with { Scheme = SchemeIds.SignatureCa });
        Check.One(
            PropertyRun.Config(2_000, salt: 3),
            Prop.ForAll(generator.ToArbitrary(), generated =>
            {
                var request = Signing.ToAuthRequest(generated, signing.SignedHeaders(generated));
                Assert.Equal(DecisionOutcome.Allow, world.Authorize(request).Outcome);
                var replay = world.Authorize(request);
                Assert.Equal(DecisionOutcome.Deny, replay.Outcome);
                Assert.Equal(ErrorCodes.NonceUsed, replay.ErrorCode);
            }));
    }

    /// <summary>A header the signature covers besides the credential headers: X-Tenant when asked for, else Host (Huawei) or the nonce (Alibaba, which does not sign Host).</summary>
    private static string SignedHeaderToTouch(GeneratedRequest request) =>
        request.SignTenant ? "X-Tenant" : request.Scheme == SchemeIds.SignatureSdk ? "Host" : "X-Ca-Nonce";

    private static bool IsSignatureHeader(string name) => name is "X-Ca-Signature" or "Authorization";

    private static string FlipSignature(string value)
    {
        if (value.StartsWith(SdkCanonicalizer.Algorithm, StringComparison.Ordinal))
        {
            var last = value[^1];
            return value[..^1] + (last == '0' ? '1' : '0');
        }

        // Flip a bit of the first decoded byte; the base64 text stays canonical.
        var bytes = Convert.FromBase64String(value);
        bytes[0] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }

    private static string ShiftTime(string value) =>
        value.Length == 16
            ? SdkCanonicalizer.FormatDate(DateTimeOffset.ParseExact(value, SdkCanonicalizer.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddSeconds(1))
            : (long.Parse(value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);

    private static List<KeyValuePair<string, string>> ChangeAppKey(List<KeyValuePair<string, string>> headers)
    {
        const string Other = "203753392";
        var changed = Replace(headers, n => n is "X-Ca-Key" or "X-HW-ID", _ => Other);
        changed = Replace(changed, n => n == "Authorization", v =>
            v.StartsWith(SdkCanonicalizer.Algorithm, StringComparison.Ordinal)
                ? v.Replace("Access=" + CorpusSecrets.AppKey, "Access=" + Other, StringComparison.Ordinal)
                : v.StartsWith("Basic ", StringComparison.Ordinal)
                    ? "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Other + ":" + CorpusSecrets.AppSecret))
                    : v + "x");
        return changed;
    }

    private static List<KeyValuePair<string, string>> MutateStaticCredential(List<KeyValuePair<string, string>> headers) =>
        Replace(headers, n => n is "Authorization" or "X-HW-AppKey", v =>
            v.StartsWith("Basic ", StringComparison.Ordinal)
                ? "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(CorpusSecrets.AppKey + ":" + CorpusSecrets.AppSecret + "x"))
                : v + "x");

    private static List<KeyValuePair<string, string>> SetHeader(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        var result = headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        result.Add(new(name, value));
        return result;
    }

    private static List<KeyValuePair<string, string>> Replace(
        List<KeyValuePair<string, string>> headers, Func<string, bool> which, Func<string, string> change) =>
        headers.Select(h => which(h.Key) ? new KeyValuePair<string, string>(h.Key, change(h.Value)) : h).ToList();
}
