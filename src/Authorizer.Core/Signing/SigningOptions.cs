namespace Authorizer.Core.Signing;

/// <summary>Knobs for <see cref="RequestSigner"/>; every one has a sensible default.</summary>
public sealed record SigningOptions
{
    public static readonly SigningOptions Default = new();

    /// <summary>Signing time; defaults to the signer's clock.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary><c>X-Ca-Nonce</c>; defaults to a random UUID.</summary>
    public string? Nonce { get; init; }

    public CaSignatureMethod CaSignatureMethod { get; init; } = CaSignatureMethod.HmacSha256;

    /// <summary><c>X-Ca-Stage</c>, signed when set.</summary>
    public string? Stage { get; init; }

    /// <summary>Further request headers to sign (signature-ca and signature-sdk); they must be on the request.</summary>
    public IReadOnlyList<string> AdditionalSignedHeaders { get; init; } = [];

    /// <summary>AppCode in <c>X-Apig-AppCode</c> instead of <c>Authorization: APPCODE</c>; token in <c>X-Auth-Token</c> instead of <c>Bearer</c>.</summary>
    public bool UseAlternateHeader { get; init; }

    /// <summary>
    /// For signature-sdk with a <see cref="SignableRequest.Body"/> and no <c>X-Sdk-Content-Sha256</c>: the body's
    /// SHA-256 goes into the canonical request only, as the official Huawei SDKs sign a JSON body. Only an API with
    /// <c>bodySignatures: backend</c> accepts that, with the backend completing the check.
    /// </summary>
    public bool SdkBodyInSignature { get; init; }
}
