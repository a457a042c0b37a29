namespace Authorizer.Core.Credentials;

internal enum ExtractionStatus
{
    None,
    Found,
    Ambiguous,
}

internal readonly record struct ExtractionResult(ExtractionStatus Status, Credential? Credential, string? Message)
{
    public static readonly ExtractionResult None = new(ExtractionStatus.None, null, null);

    public static ExtractionResult Found(Credential credential) => new(ExtractionStatus.Found, credential, null);

    public static ExtractionResult Ambiguous(string message) => new(ExtractionStatus.Ambiguous, null, message);
}
