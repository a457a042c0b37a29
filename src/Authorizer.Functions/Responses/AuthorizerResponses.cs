using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.Responses;

/// <summary>Turns a decision into the policy or simple response API Gateway expects.</summary>
public static class AuthorizerResponses
{
    /// <summary>The principal named on policies that let no app in.</summary>
    public const string AnonymousPrincipal = "anonymous";

    /// <summary>
    /// Allow: every granted resource (and a Deny statement for what one-segment parameters exclude), principal = app
    /// id, the app's context and usage-plan key.
    /// Deny: the current ARN only, with <c>errorCode</c>/<c>errorMessage</c>. Unauthorized (only reachable for HTTP
    /// APIs answering with IAM policies; REST fails the invocation instead): Deny on the current ARN.
    /// An Allow without a principal or resources is an engine fault and fails closed.
    /// </summary>
    public static IamPolicyResponse ToIamPolicy(AuthDecision decision, ApiTarget target)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(target);
        switch (decision.Outcome)
        {
            case DecisionOutcome.Allow:
                var principal = RequireAllowPrincipal(decision);
                return new IamPolicyResponse
                {
                    PrincipalId = principal.AppId,
                    PolicyDocument = AllowPolicy(decision),
                    Context = AllowContext(principal),
                    UsageIdentifierKey = string.IsNullOrEmpty(principal.UsagePlanKey) ? null : principal.UsagePlanKey,
                };
            case DecisionOutcome.Deny:
                return new IamPolicyResponse
                {
                    PrincipalId = AnonymousPrincipal,
                    PolicyDocument = Policy(PolicyStatement.DenyEffect, [target.Arn]),
                    Context = DenyContext(decision),
                };
            case DecisionOutcome.Unauthorized:
                return new IamPolicyResponse
                {
                    PrincipalId = AnonymousPrincipal,
                    PolicyDocument = Policy(PolicyStatement.DenyEffect, [target.Arn]),
                };
            default:
                throw new AuthorizerFailureException();
        }
    }

    /// <summary>HTTP API simple response: <c>isAuthorized</c> true only on Allow, with the same context as the policy.</summary>
    public static HttpApiSimpleResponse ToSimpleResponse(AuthDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Outcome switch
        {
            DecisionOutcome.Allow => new HttpApiSimpleResponse { IsAuthorized = true, Context = AllowContext(RequireAllowPrincipal(decision)) },
            DecisionOutcome.Deny => new HttpApiSimpleResponse { IsAuthorized = false, Context = DenyContext(decision) },
            DecisionOutcome.Unauthorized => new HttpApiSimpleResponse { IsAuthorized = false },
            _ => throw new AuthorizerFailureException(),
        };
    }

    private static AuthPrincipal RequireAllowPrincipal(AuthDecision decision) =>
        decision.Principal is { } principal && decision.Resources.Count > 0 && !string.IsNullOrEmpty(principal.AppId)
            ? principal
            : throw new AuthorizerFailureException();

    /// <summary>The Allow statement, then (when a grant's <c>{param}</c> needs it) a Deny statement, which API Gateway lets win.</summary>
    private static PolicyDocument AllowPolicy(AuthDecision decision)
    {
        var policy = Policy(PolicyStatement.AllowEffect, [.. decision.Resources]);
        if (decision.DeniedResources.Count > 0)
        {
            policy.Statement.Add(new PolicyStatement { Action = [PolicyStatement.InvokeAction], Effect = PolicyStatement.DenyEffect, Resource = [.. decision.DeniedResources] });
        }

        return policy;
    }

    private static PolicyDocument Policy(string effect, List<string> resources) => new()
    {
        Statement =
        [
            new PolicyStatement { Action = [PolicyStatement.InvokeAction], Effect = effect, Resource = resources },
        ],
    };

    private static Dictionary<string, JsonElement> AllowContext(AuthPrincipal principal)
    {
        var context = new Dictionary<string, JsonElement>(5, StringComparer.Ordinal)
        {
            [ContextKeys.AppId] = Text(principal.AppId),
            [ContextKeys.AppName] = Text(principal.AppName),
            [ContextKeys.AppKey] = Text(principal.AppKey),
            [ContextKeys.Scheme] = Text(principal.Scheme),
        };
        if (!string.IsNullOrEmpty(principal.AuthorizationId))
        {
            context[ContextKeys.AuthorizationId] = Text(principal.AuthorizationId);
        }

        if (principal.Claims is { } claims)
        {
            foreach (var (name, value) in claims)
            {
                context[name] = Text(value);
            }
        }

        return context;
    }

    private static Dictionary<string, JsonElement> DenyContext(AuthDecision decision) => new(2, StringComparer.Ordinal)
    {
        [ContextKeys.ErrorCode] = Text(decision.ErrorCode ?? ErrorCodes.NotAuthorized),
        [ContextKeys.ErrorMessage] = Text(decision.ErrorMessage ?? "Access denied"),
    };

    internal static JsonElement Text(string value) =>
        JsonSerializer.SerializeToElement(value, FunctionsJsonContext.Default.String);
}

/// <summary>The keys of the authorizer <c>context</c> that backends and gateway responses read.</summary>
public static class ContextKeys
{
    public const string AppId = "appId";
    public const string AppName = "appName";
    public const string AppKey = "appKey";
    public const string Scheme = "scheme";
    public const string AuthorizationId = "authorizationId";
    public const string ErrorCode = "errorCode";
    public const string ErrorMessage = "errorMessage";
}
