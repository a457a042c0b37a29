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

internal sealed record TokenCredential(string Token) : Credential(SchemeIds.Token);
