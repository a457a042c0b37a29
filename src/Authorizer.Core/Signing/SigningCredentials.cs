using Authorizer.Core.Model;

namespace Authorizer.Core.Signing;

/// <summary>What a caller signs or authenticates with: a scheme id (<see cref="SchemeIds"/>) and its material.</summary>
public sealed record SigningCredentials
{
    public required string Scheme { get; init; }
    public string? AppKey { get; init; }
    public string? AppSecret { get; init; }
    public string? AppCode { get; init; }
    public string? Token { get; init; }

    public static SigningCredentials ForAppCode(string appCode) => new() { Scheme = SchemeIds.AppCode, AppCode = appCode };

    public static SigningCredentials ForSignatureCa(string appKey, string appSecret) =>
        new() { Scheme = SchemeIds.SignatureCa, AppKey = appKey, AppSecret = appSecret };

    public static SigningCredentials ForSignatureSdk(string appKey, string appSecret) =>
        new() { Scheme = SchemeIds.SignatureSdk, AppKey = appKey, AppSecret = appSecret };

    public static SigningCredentials ForAppBasic(string appKey, string appSecret) =>
        new() { Scheme = SchemeIds.AppBasic, AppKey = appKey, AppSecret = appSecret };

    public static SigningCredentials ForAppSecret(string appKey, string appSecret) =>
        new() { Scheme = SchemeIds.AppSecret, AppKey = appKey, AppSecret = appSecret };

    public static SigningCredentials ForToken(string token) => new() { Scheme = SchemeIds.Token, Token = token };

    /// <summary>Never prints secret material.</summary>
    public override string ToString() => $"SigningCredentials {{ Scheme = {Scheme}, AppKey = {AppKey} }}";
}
