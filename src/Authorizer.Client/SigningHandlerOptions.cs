using Authorizer.Core.Signing;

namespace Authorizer.Client;

/// <summary>What <see cref="SigningHandler"/> signs with, and how.</summary>
public sealed record SigningHandlerOptions
{
    /// <summary>The scheme and its material, e.g. <see cref="SigningCredentials.ForSignatureCa"/>.</summary>
    public required SigningCredentials Credentials { get; init; }

    /// <summary>Per-request signing knobs (stage, extra signed headers, HmacSHA1, alternate headers).</summary>
    public SigningOptions Signing { get; init; } = SigningOptions.Default;

    /// <summary>For signature-ca: compute and send <c>Content-MD5</c> for a request body (covered by the signature).</summary>
    public bool SendContentMd5 { get; init; } = true;

    /// <summary>
    /// For signature-sdk: send <c>X-Sdk-Content-Sha256</c> for a request body (required for it to verify), or
    /// <c>UNSIGNED-PAYLOAD</c> when false.
    /// </summary>
    public bool HashSdkPayload { get; init; } = true;

    /// <summary>
    /// For signature-sdk: sign the body's SHA-256 inside the canonical request and send no
    /// <c>X-Sdk-Content-Sha256</c>, as the official Huawei SDKs do for JSON. The authorizer cannot check that
    /// without the body: the API needs <c>bodySignatures: backend</c> and a backend using Authorizer.Backend.
    /// </summary>
    public bool SdkBodyInSignature { get; init; }
}
