using System.Text;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Decisions;

/// <summary>Request shapes refused before any credential is looked at (auth.md §6, after Huawei APIG's rules).</summary>
internal static class RequestHygiene
{
    /// <summary>Null when the request is acceptable, else why not (no header value is ever echoed).</summary>
    public static string? Check(AuthRequest request, AuthorizerOptions options)
    {
        if (string.Equals(request.Method, "CONNECT", StringComparison.OrdinalIgnoreCase))
        {
            return "The CONNECT method is not accepted.";
        }

        if (request.Path.Length > options.MaxPathLength)
        {
            return $"The path is longer than {options.MaxPathLength} characters.";
        }

        if (HasAmbiguousSegments(request.Path))
        {
            return "The path contains a dot segment, an encoded slash or an empty segment; send the normalized path.";
        }

        if (request.Query.Count > options.MaxQueryParameters)
        {
            return $"The query string has more than {options.MaxQueryParameters} parameters.";
        }

        var headers = request.Headers;
        if (headers.Contains("Content-Length") && headers.Contains("Transfer-Encoding"))
        {
            return "The request carries both Content-Length and Transfer-Encoding.";
        }

        foreach (var name in headers.Names)
        {
            if (name.Length == 0 || name.Any(c => c <= ' ' || c == '\u007f'))
            {
                return "A header name contains a space or a control character.";
            }

            foreach (var value in headers.GetAll(name))
            {
                if (value.Length > options.MaxHeaderValueBytes / 3 && Encoding.UTF8.GetByteCount(value) > options.MaxHeaderValueBytes)
                {
                    return $"A header value is longer than {options.MaxHeaderValueBytes} bytes.";
                }
            }
        }

        var hosts = headers.GetAll("Host");
        if (hosts.Count > 1)
        {
            return "The request carries more than one Host header.";
        }

        // HTTP API events join repeated headers with commas, so a comma is a second Host too.
        if (hosts.Count == 1 && hosts[0].Any(c => c <= ' ' || c == '\u007f' || c == ','))
        {
            return "The Host header contains a space, a control character or more than one host.";
        }

        if (request.AuthorizationToken is { } token && token.Length > options.MaxHeaderValueBytes / 3
            && Encoding.UTF8.GetByteCount(token) > options.MaxHeaderValueBytes)
        {
            return $"A header value is longer than {options.MaxHeaderValueBytes} bytes.";
        }

        return null;
    }

    /// <summary>
    /// Paths that routing may normalize differently from the string a signature covers (<c>/a/../b</c>,
    /// <c>/a%2F..%2Fb</c>, <c>/a//b</c>): refusing them keeps the signed path, the routed path and the
    /// authorized ARN the same.
    /// </summary>
    private static bool HasAmbiguousSegments(string path)
    {
        if (path.Contains("%2f", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0 && i < segments.Length - 1)
            {
                return true;
            }

            var dots = segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
            if (dots is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
