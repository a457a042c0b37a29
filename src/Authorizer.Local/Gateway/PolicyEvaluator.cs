using System.Text.Json.Nodes;

namespace Authorizer.Local.Gateway;

internal enum PolicyVerdict
{
    Allow,

    /// <summary>No statement allows the ARN.</summary>
    NotAllowed,

    /// <summary>A Deny statement names the ARN; it wins over any Allow.</summary>
    ExplicitDeny,
}

/// <summary>Evaluates an authorizer's IAM policy for <c>execute-api:Invoke</c> on a method ARN, as API Gateway does.</summary>
internal static class PolicyEvaluator
{
    public static PolicyVerdict Evaluate(JsonNode? policyDocument, string methodArn, Func<string, string, bool> resourceMatches)
    {
        var allowed = false;
        foreach (var statement in Many(policyDocument?["Statement"]).OfType<JsonObject>())
        {
            var actions = Many(statement["Action"]).Select(a => a?.GetValue<string>()).ToList();
            if (!actions.Any(a => a is "*" or "execute-api:*" or "execute-api:Invoke"))
            {
                continue;
            }

            var matches = Many(statement["Resource"])
                .Select(r => r?.GetValue<string>())
                .Any(r => r is not null && resourceMatches(r, methodArn));
            if (!matches)
            {
                continue;
            }

            switch (statement["Effect"]?.GetValue<string>())
            {
                case "Deny":
                    return PolicyVerdict.ExplicitDeny;
                case "Allow":
                    allowed = true;
                    break;
                default:
                    break;
            }
        }

        return allowed ? PolicyVerdict.Allow : PolicyVerdict.NotAllowed;
    }

    /// <summary>True when the response has the shape API Gateway requires (principalId and a policy document).</summary>
    public static bool IsWellFormed(JsonObject response) =>
        response["principalId"] is JsonValue principal && principal.TryGetValue<string>(out _)
        && response["policyDocument"] is JsonObject document
        && Many(document["Statement"]).All(s => s is JsonObject statement && statement["Effect"] is JsonValue && statement["Resource"] is not null);

    private static JsonArray Many(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array,
        _ => [node.DeepClone()],
    };
}
