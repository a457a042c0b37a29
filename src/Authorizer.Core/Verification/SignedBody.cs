using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;

namespace Authorizer.Core.Verification;

/// <summary>
/// What a body contributes to a signature: its SHA-256 (the Huawei payload hash) and, for an
/// <c>application/x-www-form-urlencoded</c> body, its fields (which join the query in the Alibaba string to sign).
/// </summary>
internal sealed class SignedBody
{
    internal const string FormContentType = "application/x-www-form-urlencoded";

    private SignedBody(string sha256Hex, IReadOnlyList<KeyValuePair<string, string>> formFields)
    {
        Sha256Hex = sha256Hex;
        FormFields = formFields;
    }

    public string Sha256Hex { get; }

    /// <summary>Decoded form fields in order, repeats kept; empty for any other content type.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormFields { get; }

    public static SignedBody From(ReadOnlySpan<byte> body, string? contentType) =>
        new(Convert.ToHexStringLower(SHA256.HashData(body)), IsForm(contentType) ? ParseForm(body) : []);

    public static bool IsForm(string? contentType) =>
        contentType is not null && contentType.AsSpan().TrimStart().StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the headers announce a body: <c>Transfer-Encoding</c>, or a <c>Content-Length</c> that is not a
    /// plain 0.
    /// </summary>
    public static bool IsAnnounced(HeaderMap headers)
    {
        if (headers.Contains("Transfer-Encoding"))
        {
            return true;
        }

        var lengths = headers.GetAll("Content-Length");
        for (var i = 0; i < lengths.Count; i++)
        {
            if (!long.TryParse(lengths[i].AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The form encoding (WHATWG URL, <c>application/x-www-form-urlencoded</c>): fields split on <c>&amp;</c>,
    /// <c>+</c> is a space, then percent-escapes decode as UTF-8. Unlike a query string, a form body's <c>+</c> is a
    /// space by definition, so the query parser is not reused here.
    /// </summary>
    private static List<KeyValuePair<string, string>> ParseForm(ReadOnlySpan<byte> body)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var text = Encoding.UTF8.GetString(body).AsSpan();
        foreach (var range in text.Split('&'))
        {
            var part = text[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? [] : part[(eq + 1)..];
            fields.Add(new KeyValuePair<string, string>(Decode(name), Decode(value)));
        }

        return fields;
    }

    private static string Decode(ReadOnlySpan<char> encoded) => PercentEncoding.Decode(encoded.ToString().Replace('+', ' '));
}
