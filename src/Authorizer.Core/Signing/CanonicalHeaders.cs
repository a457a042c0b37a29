using Authorizer.Core.Requests;

namespace Authorizer.Core.Signing;

/// <summary>Where a canonicalizer reads header values from: the verifier's request or a signer's lookup.</summary>
internal interface ICanonicalHeaders
{
    /// <summary>Appends the header's values joined by <c>,</c>; false (nothing appended) when the header is absent.</summary>
    bool AppendValue(string name, ref CanonicalText text);
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
}

/// <summary>A request's headers, repeats joined by <c>,</c> in arrival order.</summary>
internal readonly struct RequestHeaders(HeaderMap headers) : ICanonicalHeaders
{
    public bool AppendValue(string name, ref CanonicalText text)
    {
        var values = headers.GetAll(name);
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
