namespace Authorizer.Core.Decisions;

/// <summary>Stable reason codes carried in Deny context and logs.</summary>
public static class ErrorCodes
{
    public const string AmbiguousCredentials = "ambiguous_credentials";
    public const string InvalidSignature = "invalid_signature";
    public const string InvalidCredentials = "invalid_credentials";
    public const string InvalidAppCode = "invalid_appcode";
    public const string InvalidToken = "invalid_token";
    public const string InvalidTimestamp = "invalid_timestamp";
    public const string TimestampExpired = "timestamp_expired";
    public const string NonceRequired = "nonce_required";
    public const string InvalidNonce = "invalid_nonce";
    public const string NonceUsed = "nonce_used";
    public const string UnknownApp = "unknown_app";
    public const string AppDisabled = "app_disabled";
    public const string CredentialExpired = "credential_expired";
    public const string SchemeNotAllowed = "scheme_not_allowed";
    public const string SchemeNotCacheable = "scheme_not_cacheable";
    public const string UnsupportedScheme = "unsupported_scheme";
    public const string AlgorithmNotAllowed = "algorithm_not_allowed";
    public const string MissingSignedHeader = "missing_signed_header";
    public const string NotAuthorized = "not_authorized";
    public const string TokenExpired = "token_expired";
    public const string TokenRevoked = "token_revoked";
    public const string BadRequest = "bad_request";
    public const string TooManyFailures = "too_many_failures";
    public const string TokenNotYetValid = "token_not_yet_valid";
    public const string InvalidIssuer = "invalid_issuer";
    public const string InvalidAudience = "invalid_audience";
    public const string UnknownKey = "unknown_key";
    public const string JwksUnavailable = "jwks_unavailable";
    public const string MissingClaim = "missing_claim";
    public const string ClaimMismatch = "claim_mismatch";
    public const string JtiReplayed = "jti_replayed";
}
