using Authorizer.Core.Requests;

namespace Authorizer.Core.Signing;

/// <summary>Where a canonicalizer reads header values from: the verifier's request or a signer's lookup.</summary>
internal interface ICanonicalHeaders
{
    /// <summary>Appends the header's values joined by <c>,</c>; false (nothing appended) when the header is absent.</summary>
    bool AppendValue(string name, ref CanonicalText text);

    /// <summary>As <see cref="AppendValue"/> for the signed header at <paramref name="index"/> of the signed-header list.</summary>
    bool AppendSignedValue(int index, string name, ref CanonicalText text);
}

/// <summary>A signer's lookup: the value (repeats already joined) or null when absent.</summary>
internal readonly struct LookupHeaders(Func<string, string?> lookup) : ICanonicalHeaders
{
    public bool AppendValue(string name, ref CanonicalText text)
    {
        var value = lookup(name);
        if (value is null)
        {
            return false;
        }

        text.Append(value);
        return true;
    }

    public bool AppendSignedValue(int index, string name, ref CanonicalText text) => AppendValue(name, ref text);
}

/// <summary>A request's headers, repeats joined by <c>,</c> in arrival order.</summary>
internal readonly struct RequestHeaders(HeaderMap headers) : ICanonicalHeaders
{
    public bool AppendValue(string name, ref CanonicalText text) => Append(headers.GetAll(name), ref text);

    public bool AppendSignedValue(int index, string name, ref CanonicalText text) => AppendValue(name, ref text);

    internal static bool Append(IReadOnlyList<string> values, ref CanonicalText text)
    {
        if (values.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(values[i]);
        }

        return true;
    }
}

/// <summary>A request's headers, with the signed headers' values already looked up (in signed-header order).</summary>
internal readonly struct PrefetchedRequestHeaders(HeaderMap headers, IReadOnlyList<string>[] signedValues) : ICanonicalHeaders
{
    public bool AppendValue(string name, ref CanonicalText text) => RequestHeaders.Append(headers.GetAll(name), ref text);

    public bool AppendSignedValue(int index, string name, ref CanonicalText text) => RequestHeaders.Append(signedValues[index], ref text);
}
