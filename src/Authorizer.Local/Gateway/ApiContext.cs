using System.Globalization;
using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

/// <summary>An API as served locally: its fixed id, stage and ARN prefix.</summary>
internal sealed record ApiContext(ApiDefinition Definition, string ApiId)
{
    public string Stage => Definition.StageName;

    /// <summary><c>arn:aws:execute-api:us-east-1:123456789012:{apiId}/{stage}/{METHOD}/{path without leading slash}</c>.</summary>
    public string MethodArn(string method, string rawPath) => string.Create(
        CultureInfo.InvariantCulture,
        $"arn:aws:execute-api:{IntrinsicResolver.Region}:{IntrinsicResolver.AccountId}:{ApiId}/{Stage}/{method}/{rawPath.TrimStart('/')}");

    /// <summary>Fixed local ids in template order: REST APIs <c>localrest1</c>…, HTTP APIs <c>localhttp1</c>….</summary>
    public static IReadOnlyList<ApiContext> Assign(IEnumerable<ApiDefinition> apis)
    {
        int rest = 0, http = 0;
        return apis.Select(api => new ApiContext(
            api,
            api.Kind == ApiKind.Rest
                ? string.Create(CultureInfo.InvariantCulture, $"localrest{++rest}")
                : string.Create(CultureInfo.InvariantCulture, $"localhttp{++http}"))).ToList();
    }
}
