namespace Authorizer.Core.Decisions;

/// <summary>
/// The authorizer's answer. <see cref="DecisionOutcome.Unauthorized"/> fails the invocation with
/// <c>Unauthorized</c> (401); Deny names the current ARN (403); Allow lists every resource the app may call (only
/// the current ARN for per-request schemes), with Deny resources that keep one-segment parameters to one segment.
/// Internal failures are exceptions, never decisions.
/// </summary>
public sealed record AuthDecision
{
    public required DecisionOutcome Outcome { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public AuthPrincipal? Principal { get; init; }

    /// <summary>Resource ARNs for the policy: all granted ARNs on Allow, the current ARN on Deny.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>
    /// Resource ARNs an Allow policy denies explicitly (API Gateway lets a Deny win): they carve what a <c>*</c>
    /// standing for a one-segment <c>{param}</c> would otherwise reach. Empty on Deny.
    /// </summary>
    public IReadOnlyList<string> DeniedResources { get; init; } = [];

    /// <summary>The scheme whose credential was found, when one was.</summary>
    public string? Scheme { get; init; }

    public static AuthDecision Unauthorized() => new() { Outcome = DecisionOutcome.Unauthorized };

    public static AuthDecision Deny(string arn, string errorCode, string errorMessage, string? scheme = null) => new()
    {
        Outcome = DecisionOutcome.Deny,
        ErrorCode = errorCode,
        ErrorMessage = errorMessage,
        Resources = [arn],
        Scheme = scheme,
    };

    public static AuthDecision Allow(AuthPrincipal principal, IReadOnlyList<string> resources, IReadOnlyList<string>? deniedResources = null) => new()
    {
        Outcome = DecisionOutcome.Allow,
        Principal = principal,
        Resources = resources,
        DeniedResources = deniedResources ?? [],
        Scheme = principal.Scheme,
    };
}

public enum DecisionOutcome
{
    Unauthorized,
    Deny,
    Allow,
}

/// <summary>
/// Who was let in; becomes the policy's principalId, context and usageIdentifierKey. <paramref name="Claims"/> are a
/// JWT's claims for the context (<c>claim_sub</c>, ...), bounded by the API's settings.
/// </summary>
public sealed record AuthPrincipal(
    string AppId,
    string AppName,
    string AppKey,
    string Scheme,
    string? AuthorizationId,
    string? UsagePlanKey,
    IReadOnlyList<KeyValuePair<string, string>>? Claims = null);
