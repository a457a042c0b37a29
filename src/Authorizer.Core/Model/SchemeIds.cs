namespace Authorizer.Core.Model;

public static class SchemeIds
{
    public const string AppCode = "appcode";
    public const string SignatureCa = "signature-ca";
    public const string SignatureSdk = "signature-sdk";
    public const string AppBasic = "app-basic";
    public const string AppSecret = "app-secret";
    public const string Token = "token";

    /// <summary>An identity provider's JWT (<see cref="ApiSettings.Jwt"/>); enabled by an API's jwt section, not by <see cref="All"/>.</summary>
    public const string Jwt = "jwt";

    public static readonly IReadOnlyList<string> All = [AppCode, SignatureCa, SignatureSdk, AppBasic, AppSecret, Token];

    public static bool IsKnown(string id) => All.Contains(id, StringComparer.Ordinal);

    /// <summary>
    /// Schemes whose credential covers one request (method, path, query, time) rather than being a stable bearer
    /// value: their Allow names the request's ARN only, and a cached authorizer refuses them.
    /// </summary>
    public static bool IsPerRequest(string id) =>
        string.Equals(id, SignatureCa, StringComparison.Ordinal) || string.Equals(id, SignatureSdk, StringComparison.Ordinal);
}
