using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Model;

namespace Authorizer.Core.Signing;

/// <summary>
/// Client side of every scheme: given a request and credentials, returns the headers to add. Signatures are
/// built by the same canonicalizers that the authorizer verifies with.
/// </summary>
public sealed class RequestSigner
{
    private readonly TimeProvider _time;

    public RequestSigner(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Sign(SignableRequest request, SigningCredentials credentials, SigningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        options ??= SigningOptions.Default;
        return credentials.Scheme switch
        {
            SchemeIds.AppCode => [Pair(
                options.UseAlternateHeader ? "X-Apig-AppCode" : "Authorization",
                options.UseAlternateHeader ? Require(credentials.AppCode, "AppCode") : "APPCODE " + Require(credentials.AppCode, "AppCode"))],
            SchemeIds.SignatureCa => SignCa(request, credentials, options),
            SchemeIds.SignatureSdk => SignSdk(request, credentials, options),
            SchemeIds.AppBasic => [Pair(
                "Authorization",
                "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(
                    Require(credentials.AppKey, "AppKey") + ":" + Require(credentials.AppSecret, "AppSecret"))))],
            SchemeIds.AppSecret => [
                Pair("X-HW-ID", Require(credentials.AppKey, "AppKey")),
                Pair("X-HW-AppKey", Require(credentials.AppSecret, "AppSecret"))],
            SchemeIds.Token => [Pair(
                options.UseAlternateHeader ? "X-Auth-Token" : "Authorization",
                options.UseAlternateHeader ? Require(credentials.Token, "Token") : "Bearer " + Require(credentials.Token, "Token"))],
            _ => throw new ArgumentException($"Unknown scheme '{credentials.Scheme}'.", nameof(credentials)),
        };
    }

    private List<KeyValuePair<string, string>> SignCa(SignableRequest request, SigningCredentials credentials, SigningOptions options)
    {
        var appKey = Require(credentials.AppKey, "AppKey");
        var secret = Encoding.UTF8.GetBytes(Require(credentials.AppSecret, "AppSecret"));
        var timestamp = (options.Timestamp ?? _time.GetUtcNow()).ToUnixTimeMilliseconds();
        var nonce = options.Nonce ?? new Guid(RandomNumberGenerator.GetBytes(16)).ToString();

        var added = new List<KeyValuePair<string, string>>
        {
            Pair(CaHeaders.Key, appKey),
            Pair(CaHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Pair(CaHeaders.Nonce, nonce),
            Pair(CaHeaders.SignatureMethod, CaCanonicalizer.MethodName(options.CaSignatureMethod)),
        };
        if (!string.IsNullOrEmpty(options.Stage))
        {
            added.Add(Pair(CaHeaders.Stage, options.Stage));
        }

        var names = new List<string>();
        foreach (var header in added)
        {
            names.Add(header.Key.ToLowerInvariant());
        }

        names.AddRange(options.AdditionalSignedHeaders);
        var signedNames = CaCanonicalizer.ParseSignedHeaderNames(string.Join(',', names));
        Func<string, string?> lookup = name => Lookup(added, request, name);
        EnsurePresent(signedNames, lookup);

        // The fields of a form body are signed with the query parameters (the backend checks them).
        IReadOnlyList<KeyValuePair<string, string>> parameters = request.Query;
        if (!request.Body.IsEmpty && Verification.SignedBody.IsForm(lookup("Content-Type")))
        {
            parameters = [.. request.Query, .. Verification.SignedBody.From(request.Body.Span, lookup("Content-Type")).FormFields];
        }

        var stringToSign = CaCanonicalizer.BuildStringToSign(request.Method, request.Path, parameters, signedNames, lookup);
        added.Add(Pair(CaHeaders.SignatureHeaders, string.Join(',', signedNames)));
        added.Add(Pair(CaHeaders.Signature, CaCanonicalizer.ComputeSignature(stringToSign, secret, options.CaSignatureMethod)));
        return added;
    }

    private List<KeyValuePair<string, string>> SignSdk(SignableRequest request, SigningCredentials credentials, SigningOptions options)
    {
        var appKey = Require(credentials.AppKey, "AppKey");
        var secret = Encoding.UTF8.GetBytes(Require(credentials.AppSecret, "AppSecret"));
        var date = SdkCanonicalizer.FormatDate(options.Timestamp ?? _time.GetUtcNow());
        var added = new List<KeyValuePair<string, string>> { Pair(SdkCanonicalizer.DateHeader, date) };
        Func<string, string?> lookup = name => Lookup(added, request, name);

        var names = new SortedSet<string>(StringComparer.Ordinal) { "host", "x-sdk-date" };
        foreach (var optional in new[] { "content-type", "x-sdk-content-sha256" })
        {
            if (lookup(optional) is not null)
            {
                names.Add(optional);
            }
        }

        foreach (var extra in options.AdditionalSignedHeaders)
        {
            names.Add(extra.Trim().ToLowerInvariant());
        }

        var signedNames = names.ToList();
        EnsurePresent(signedNames, lookup);
        var bodyHash = options.SdkBodyInSignature && !request.Body.IsEmpty && lookup(SdkCanonicalizer.ContentSha256Header) is null
            ? Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))
            : null;
        var canonical = SdkCanonicalizer.BuildCanonicalRequest(request.Method, request.Path, request.Query, signedNames, lookup, bodyHash);
        var signature = SdkCanonicalizer.ComputeSignature(SdkCanonicalizer.BuildStringToSign(date, canonical), secret);
        added.Add(Pair("Authorization", SdkCanonicalizer.FormatAuthorization(appKey, signedNames, signature)));
        return added;
    }

    private static string? Lookup(List<KeyValuePair<string, string>> added, SignableRequest request, string name)
    {
        foreach (var header in added)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return request.GetHeader(name);
    }

    private static void EnsurePresent(IReadOnlyList<string> names, Func<string, string?> lookup)
    {
        foreach (var name in names)
        {
            if (lookup(name) is null)
            {
                throw new ArgumentException($"The header '{name}' is to be signed but the request does not carry it.");
            }
        }
    }

    private static string Require(string? value, string what) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"The credentials lack the {what}.") : value;

    private static KeyValuePair<string, string> Pair(string name, string value) => new(name, value);
}
