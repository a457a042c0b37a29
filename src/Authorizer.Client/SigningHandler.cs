using System.Security.Cryptography;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;

namespace Authorizer.Client;

/// <summary>
/// Adds the credential of any scheme to outgoing requests, signing with the same canonicalizers the authorizer
/// verifies with.
/// </summary>
public sealed class SigningHandler : DelegatingHandler
{
    private readonly SigningHandlerOptions _options;
    private readonly RequestSigner _signer;

    /// <summary>A handler to chain into an <see cref="HttpClient"/> pipeline (set <see cref="DelegatingHandler.InnerHandler"/>, or let a handler factory do it).</summary>
    /// <param name="options">The credentials and how to sign with them.</param>
    /// <param name="time">The clock for signature timestamps; the system clock when null.</param>
    public SigningHandler(SigningHandlerOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _signer = new RequestSigner(time);
    }

    /// <summary>A handler that signs and then sends through <paramref name="innerHandler"/> (usually an <see cref="HttpClientHandler"/>).</summary>
    /// <param name="options">The credentials and how to sign with them.</param>
    /// <param name="innerHandler">Sends the signed request.</param>
    /// <param name="time">The clock for signature timestamps; the system clock when null.</param>
    public SigningHandler(SigningHandlerOptions options, HttpMessageHandler innerHandler, TimeProvider? time = null)
        : this(options, time)
    {
        InnerHandler = innerHandler;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs the request in place; exposed so callers can sign without sending.</summary>
    public async Task PrepareAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URL.");
        if (!uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The request URL must be absolute; set HttpClient.BaseAddress or use an absolute URL.");
        }

        var scheme = _options.Credentials.Scheme;
        byte[] body = [];
        if ((scheme is SchemeIds.SignatureCa or SchemeIds.SignatureSdk) && request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            AddBodyDigest(request, scheme, body);
        }

        var signable = SignableRequest.FromUri(request.Method.Method, uri, CollectHeaders(request, uri)) with { Body = body };
        var signing = _options.SdkBodyInSignature ? _options.Signing with { SdkBodyInSignature = true } : _options.Signing;
        foreach (var header in _signer.Sign(signable, _options.Credentials, signing))
        {
            request.Headers.Remove(header.Key);
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    private void AddBodyDigest(HttpRequestMessage request, string scheme, byte[] body)
    {
        if (scheme == SchemeIds.SignatureCa)
        {
            if (_options.SendContentMd5 && request.Content!.Headers.ContentMD5 is null)
            {
#pragma warning disable CA5351 // Content-MD5 is the Alibaba protocol's body digest, not a security boundary on its own.
                request.Content.Headers.ContentMD5 = MD5.HashData(body);
#pragma warning restore CA5351
            }

            return;
        }

        request.Headers.Remove(SdkCanonicalizer.ContentSha256Header);
        if (_options.SdkBodyInSignature)
        {
            return;
        }

        request.Headers.TryAddWithoutValidation(
            SdkCanonicalizer.ContentSha256Header,
            _options.HashSdkPayload ? Convert.ToHexStringLower(SHA256.HashData(body)) : SdkCanonicalizer.UnsignedPayload);
    }

    private static List<KeyValuePair<string, string>> CollectHeaders(HttpRequestMessage request, Uri uri)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers.NonValidated)
        {
            headers.Add(new KeyValuePair<string, string>(header.Key, string.Join(", ", header.Value)));
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.NonValidated)
            {
                headers.Add(new KeyValuePair<string, string>(header.Key, string.Join(", ", header.Value)));
            }
        }

        if (!headers.Exists(h => string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new KeyValuePair<string, string>("host", request.Headers.Host ?? uri.Authority));
        }

        return headers;
    }
}
