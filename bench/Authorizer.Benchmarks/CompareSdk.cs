using System.Diagnostics;
using System.Text.Json;
using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Verification;

namespace Authorizer.Benchmarks;

/// <summary>
/// Our side of <c>bench/compare-sdk.sh</c>, over the accept-verdict vector requests:
/// <c>nsPerOp</c> is the scheme's signature verification (the verifier the engine runs: header checks,
/// canonicalization, HMAC, constant-time comparison, with the app in memory) — the counterpart of the SDK's
/// signing; <c>decisionNsPerOp</c> is the whole engine decision (hygiene, credential extraction, settings,
/// verification, route authorization, policy resources). Prints <c>{"signature-ca":{…},…}</c>.
/// </summary>
internal static class CompareSdk
{
    public static async Task<int> RunAsync(string vectorsPath, int iterations)
    {
        var vectors = SignatureVectors.Load(vectorsPath);
        var result = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (scheme, requests, now) in new[]
        {
            (SchemeIds.SignatureCa, vectors.SignatureCa, vectors.SignedAt),
            (SchemeIds.SignatureSdk, vectors.SignatureSdk, vectors.SdkSignedAt),
        })
        {
            using var world = new VerificationWorld(vectors.AppKey, vectors.AppSecret, "unused-appcode-0000", now);
            ICredentialVerifier verifier = scheme == SchemeIds.SignatureCa
                ? new CaSignatureVerifier(world.Directory, world.Store, AuthorizerOptions.Default)
                : new SdkSignatureVerifier(world.Directory, world.Store, AuthorizerOptions.Default);
            var cases = requests.Select(r => new Case(r, CredentialOf(scheme, r), new VerificationContext(r, world.Settings, now))).ToArray();

            foreach (var c in cases)
            {
                var verified = await verifier.VerifyAsync(c.Credential, c.Context, CancellationToken.None);
                var decision = await world.Engine.AuthorizeAsync(c.Request);
                if (verified.Status != VerificationStatus.Success || decision.Outcome != DecisionOutcome.Allow || decision.Scheme != scheme)
                {
                    await Console.Error.WriteLineAsync($"{scheme}: a vector request was not accepted ({decision.ErrorCode}: {decision.ErrorMessage}).");
                    return 1;
                }
            }

            var verifyNs = await TimeAsync(cases, iterations, async c =>
                (await verifier.VerifyAsync(c.Credential, c.Context, CancellationToken.None)).Status == VerificationStatus.Success);
            var decisionNs = await TimeAsync(cases, iterations, async c =>
                (await world.Engine.AuthorizeAsync(c.Request)).Outcome == DecisionOutcome.Allow);
            result[scheme] = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["nsPerOp"] = verifyNs,
                ["decisionNsPerOp"] = decisionNs,
                ["requests"] = cases.Length,
            };
        }

        Console.WriteLine(JsonSerializer.Serialize(result, CompareSdkJson.Default.DictionaryStringDictionaryStringDouble));
        return 0;
    }

    private static Credential CredentialOf(string scheme, AuthRequest request) =>
        scheme == SchemeIds.SignatureCa
            ? new CaSignatureCredential()
            : new SdkSignatureCredential(request.Headers.GetFirst("Authorization") ?? string.Empty);

    private static async Task<double> TimeAsync(Case[] cases, int iterations, Func<Case, ValueTask<bool>> run)
    {
        // Warm up for a second of wall time: tiered compilation promotes hot methods only after a delay.
        var warmup = Stopwatch.StartNew();
        while (warmup.ElapsedMilliseconds < 1000)
        {
            foreach (var c in cases)
            {
                await run(c);
            }
        }

        var accepted = 0L;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            foreach (var c in cases)
            {
                if (await run(c))
                {
                    accepted++;
                }
            }
        }

        watch.Stop();
        if (accepted != (long)iterations * cases.Length)
        {
            throw new InvalidOperationException("A request stopped being accepted during the measurement.");
        }

        return watch.Elapsed.TotalNanoseconds / ((double)iterations * cases.Length);
    }

    private sealed record Case(AuthRequest Request, Credential Credential, VerificationContext Context);
}
