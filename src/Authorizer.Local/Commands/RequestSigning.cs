using Authorizer.Client;
using Authorizer.Core.Signing;

namespace Authorizer.Local.Commands;

/// <summary>A request signed by Authorizer.Client's <see cref="SigningHandler"/>: every header it will carry.</summary>
internal sealed record SignedRequest(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body);

internal static class RequestSigning
{
    public static async Task<SignedRequest> SignAsync(
        SigningCredentials credentials,
        string method,
        Uri url,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string? body,
        TimeProvider time,
        bool sdkBodyInSignature = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        byte[]? bodyBytes = null;
        if (body is not null)
        {
            bodyBytes = System.Text.Encoding.UTF8.GetBytes(body);
            request.Content = new ByteArrayContent(bodyBytes);
        }

        var hasContentType = false;
        foreach (var (name, value) in headers)
        {
            if (request.Content is not null && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                hasContentType |= string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Content is not null && !hasContentType)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        using var handler = new SigningHandler(new SigningHandlerOptions { Credentials = credentials, SdkBodyInSignature = sdkBodyInSignature }, time);
        await handler.PrepareAsync(request).ConfigureAwait(false);

        var signed = request.Headers.NonValidated.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))).ToList();
        if (request.Content is not null)
        {
            signed.AddRange(request.Content.Headers.NonValidated.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))));
        }

        return new SignedRequest(request.Method.Method, url, signed, bodyBytes);
    }
}
