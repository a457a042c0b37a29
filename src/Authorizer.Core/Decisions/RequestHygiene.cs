using System.Text;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Decisions;

/// <summary>Request shapes refused before any credential is looked at (docs/authentication.md §6, after Huawei APIG's rules).</summary>
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

        foreach (var (name, values) in headers)
        {
            if (name.Length == 0 || HasSpaceOrControl(name, alsoComma: false))
            {
                return "A header name contains a space or a control character.";
            }

            // A value shorter than a third of the limit cannot exceed it in UTF-8, so most values are never counted.
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i];
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
        if (hosts.Count == 1 && HasSpaceOrControl(hosts[0], alsoComma: true))
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
        // Most paths carry no escape at all: one vectorized search for '%' spares them the case-insensitive one.
        var percent = path.IndexOf('%', StringComparison.Ordinal);
        if (percent >= 0 && path.AsSpan(percent).Contains("%2f", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var rest = path.AsSpan();
        for (var index = 0; ; index++)
        {
            var slash = rest.IndexOf('/');
            var last = slash < 0;
            var segment = last ? rest : rest[..slash];
            if (index > 0 && ((segment.IsEmpty && !last) || IsDotSegment(segment)))
            {
                return true;
            }

            if (last)
            {
                return false;
            }

            rest = rest[(slash + 1)..];
        }
    }

    /// <summary>
    /// True for <c>.</c> and <c>..</c>, each dot possibly written <c>%2e</c> (any case), also when followed by a
    /// <c>;</c> path parameter (<c>..;x</c>, <c>.%3B</c>): servlet-style backends drop the parameter and then
    /// resolve the dots, so <c>/public/..;/private</c> reaches <c>/private</c> behind a grant of <c>/public/*</c>.
    /// </summary>
    private static bool IsDotSegment(ReadOnlySpan<char> segment)
    {
        var dots = 0;
        var i = 0;
        while (i < segment.Length)
        {
            if (segment[i] == ';' || (segment[i] == '%' && i + 2 < segment.Length && segment[i + 1] == '3' && (segment[i + 2] | 0x20) == 'b'))
            {
                break;
            }

            if (segment[i] == '.')
            {
                i++;
            }
            else if (segment[i] == '%' && i + 2 < segment.Length && segment[i + 1] == '2' && (segment[i + 2] | 0x20) == 'e')
            {
                i += 3;
            }
            else
            {
                return false;
            }

            dots++;
        }

        return dots is 1 or 2;
    }

    private static bool HasSpaceOrControl(string text, bool alsoComma)
    {
        foreach (var c in text)
        {
            if (c <= ' ' || c == '\u007f' || (alsoComma && c == ','))
            {
                return true;
            }
        }

        return false;
    }
}
