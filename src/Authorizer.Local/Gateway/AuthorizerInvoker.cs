using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Local.Functions;
using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

internal enum AuthorizerOutcomeKind
{
    Allow,
    Deny,
    Unauthorized,
    Failure,
    ConfigurationError,
}

/// <param name="Context">What the backend sees in <c>requestContext.authorizer</c> (and the gateway responses' context).</param>
/// <param name="ExplicitDeny">The policy denied the ARN by a Deny statement (vs. not allowing it).</param>
/// <param name="Source">invoked, cached or skipped — for the log line.</param>
internal sealed record AuthorizerOutcome(AuthorizerOutcomeKind Kind, JsonObject? Context, bool ExplicitDeny, string Source);

/// <summary>
/// The gateway side of a Lambda authorizer: identity-source check (401 without invoking), the result cache,
/// the invocation, and the policy (or simple response) evaluation.
/// </summary>
internal sealed class AuthorizerInvoker(FunctionHost functions, AuthorizerResultCache cache, Func<string, string, bool> resourceMatches)
{
    public async Task<AuthorizerOutcome> AuthorizeAsync(
        GatewayRequest request, RouteMatch match, ApiContext api, AuthorizerDefinition authorizer, CancellationToken cancellationToken)
    {
        var identity = IdentityValues(request, authorizer);
        if (identity is null)
        {
            return new AuthorizerOutcome(AuthorizerOutcomeKind.Unauthorized, null, false, "skipped");
        }

        var methodArn = api.MethodArn(request.Method, request.RawPath);
        var cacheKey = authorizer.TtlSeconds > 0 && authorizer.HasIdentitySources
            ? AuthorizerResultCache.Key(api.ApiId, authorizer.Name, identity)
            : null;
        var source = "cached";
        var response = cacheKey is null ? null : cache.Get(cacheKey);
        if (response is null)
        {
            source = "invoked";
            var payload = AuthorizerEventBuilder.Build(request, match, api, authorizer);
            byte[] output;
            try
            {
                output = await functions.InvokeAsync(authorizer.FunctionLogicalId, JsonPayload.ToUtf8(payload), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (FunctionInvocationException ex) when (ex.InnerException?.Message == "Unauthorized")
            {
                return new AuthorizerOutcome(AuthorizerOutcomeKind.Unauthorized, null, false, source);
            }
            catch (FunctionInvocationException)
            {
                return new AuthorizerOutcome(AuthorizerOutcomeKind.Failure, null, false, source);
            }
            catch (HandlerResolutionException)
            {
                return new AuthorizerOutcome(AuthorizerOutcomeKind.ConfigurationError, null, false, source);
            }

            response = Parse(output);
            if (response is null || !IsWellFormed(response, api, authorizer))
            {
                return new AuthorizerOutcome(AuthorizerOutcomeKind.ConfigurationError, null, false, source);
            }

            if (cacheKey is not null)
            {
                cache.Put(cacheKey, response, authorizer.TtlSeconds);
            }
        }

        if (authorizer.SimpleResponses && api.Definition.Kind == ApiKind.Http)
        {
            var allowed = response["isAuthorized"] is JsonValue flag && flag.TryGetValue<bool>(out var isAuthorized) && isAuthorized;
            var context = response["context"] as JsonObject ?? [];
            return new AuthorizerOutcome(allowed ? AuthorizerOutcomeKind.Allow : AuthorizerOutcomeKind.Deny, (JsonObject)context.DeepClone(), false, source);
        }

        var verdict = PolicyEvaluator.Evaluate(response["policyDocument"], methodArn, resourceMatches);
        var authorizerContext = ContextOf(response);
        return verdict == PolicyVerdict.Allow
            ? new AuthorizerOutcome(AuthorizerOutcomeKind.Allow, authorizerContext, false, source)
            : new AuthorizerOutcome(AuthorizerOutcomeKind.Deny, authorizerContext, verdict == PolicyVerdict.ExplicitDeny, source);
    }

    /// <summary>The identity-source values, or null when one is missing or empty (API Gateway then answers 401).</summary>
    private static List<string>? IdentityValues(GatewayRequest request, AuthorizerDefinition authorizer)
    {
        var values = new List<string>();
        foreach (var header in authorizer.IdentityHeaders)
        {
            var value = request.Header(header);
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            values.Add(value);
        }

        foreach (var name in authorizer.IdentityQueryStrings)
        {
            var value = request.Query.LastOrDefault(q => q.Key == name).Value;
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    private static JsonObject? Parse(byte[] output)
    {
        try
        {
            return JsonNode.Parse(output) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsWellFormed(JsonObject response, ApiContext api, AuthorizerDefinition authorizer) =>
        authorizer.SimpleResponses && api.Definition.Kind == ApiKind.Http
            ? response["isAuthorized"] is JsonValue value && value.TryGetValue<bool>(out _)
            : PolicyEvaluator.IsWellFormed(response);

    private static JsonObject ContextOf(JsonObject response)
    {
        var context = new JsonObject { ["principalId"] = response["principalId"]?.DeepClone() };
        if (response["context"] is JsonObject values)
        {
            foreach (var (name, value) in values)
            {
                context[name] = value?.DeepClone();
            }
        }

        return context;
    }
}
