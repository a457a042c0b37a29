using Authorizer.Core.Model;

namespace Authorizer.Core.Credentials;

/// <summary>One credential found in a request; the verifier of its scheme reads the rest from the request.</summary>
internal abstract record Credential(string Scheme);

internal sealed record AppCodeCredential(string Code, bool FromQuery) : Credential(SchemeIds.AppCode);

/// <summary>Alibaba-style headers; the verifier reads <c>X-Ca-*</c> itself.</summary>
internal sealed record CaSignatureCredential() : Credential(SchemeIds.SignatureCa)
{
    /// <summary>The credential carries nothing of its own, so one instance serves every request.</summary>
    public static readonly CaSignatureCredential Instance = new();
}

internal sealed record SdkSignatureCredential(string Authorization) : Credential(SchemeIds.SignatureSdk);

internal sealed record BasicCredential(string Encoded) : Credential(SchemeIds.AppBasic);

internal sealed record AppSecretCredential(string? AppKey, string? AppSecret) : Credential(SchemeIds.AppSecret);

/// <summary>
/// A bearer token as a slice of the header that carried it: a repeat token is answered from the verified-token cache
/// by its hash, so copying it out of the header (half a kilobyte per call) would be the only reason to allocate.
/// </summary>
internal sealed record TokenCredential(ReadOnlyMemory<char> Token) : Credential(SchemeIds.Token)
{
    public TokenCredential(string token)
        : this(token.AsMemory())
    {
    }

    // Value equality on the text, not on the slice's place; and the token itself is never printed.
    public bool Equals(TokenCredential? other) => other is not null && Token.Span.SequenceEqual(other.Token.Span);

    public override int GetHashCode() => string.GetHashCode(Token.Span, StringComparison.Ordinal);

    public override string ToString() => $"TokenCredential {{ Length = {Token.Length} }}";
}
