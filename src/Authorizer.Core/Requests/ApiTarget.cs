using System.Diagnostics.CodeAnalysis;

namespace Authorizer.Core.Requests;

/// <summary>
/// A parsed <c>methodArn</c> / <c>routeArn</c>:
/// <c>arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{resource path}</c>.
/// </summary>
public sealed record ApiTarget(
    string Arn,
    string Partition,
    string Region,
    string AccountId,
    string ApiId,
    string Stage,
    string Method,
    string ResourcePath)
{
    public const int MaxArnLength = 1600;

    /// <summary><c>arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/</c>, the prefix of every resource ARN on this API and stage.</summary>
    public string StagePrefix => $"arn:{Partition}:execute-api:{Region}:{AccountId}:{ApiId}/{Stage}/";

    public static bool TryParse(string? arn, [NotNullWhen(true)] out ApiTarget? target)
    {
        target = null;
        if (string.IsNullOrEmpty(arn) || arn.Length > MaxArnLength)
        {
            return false;
        }

        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "execute-api" || parts[1].Length == 0)
        {
            return false;
        }

        var resource = parts[5].Split('/', 4);
        if (resource.Length < 3 || resource[0].Length == 0 || resource[1].Length == 0 || resource[2].Length == 0)
        {
            return false;
        }

        var path = resource.Length == 4 ? "/" + resource[3] : "/";
        target = new ApiTarget(arn, parts[1], parts[3], parts[4], resource[0], resource[1], resource[2], path);
        return true;
    }
}
