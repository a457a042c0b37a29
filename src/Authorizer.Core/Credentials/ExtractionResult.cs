namespace Authorizer.Core.Credentials;

internal enum ExtractionStatus
{
    None,
    Found,
    Ambiguous,

    /// <summary>An <c>Authorization</c> header of a scheme no verifier judges, and no other credential.</summary>
    Unsupported,
}

internal readonly record struct ExtractionResult(ExtractionStatus Status, Credential? Credential, string? Message)
{
    public static readonly ExtractionResult None = new(ExtractionStatus.None, null, null);

    public static ExtractionResult Found(Credential credential) => new(ExtractionStatus.Found, credential, null);

    public static ExtractionResult Ambiguous(string message) => new(ExtractionStatus.Ambiguous, null, message);

    public static ExtractionResult Unsupported(string message) => new(ExtractionStatus.Unsupported, null, message);
}
