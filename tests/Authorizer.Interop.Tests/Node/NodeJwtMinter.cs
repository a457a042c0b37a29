using System.Text.Json;
using Authorizer.TestSupport.Processes;

namespace Authorizer.Interop.Tests.Node;

/// <summary>Installs the pinned <c>jose</c> (cached) and runs <c>node-jwt/mint-jwts.js</c>: a JWKS and the cases minted under it.</summary>
internal static class NodeJwtMinter
{
    private static readonly TimeSpan MintTimeout = TimeSpan.FromMinutes(2);

    public static async Task<MintedJwts> MintAsync(DateTimeOffset now, string issuer, string audience)
    {
        var scripts = Path.Combine(AppContext.BaseDirectory, "node-jwt");
        var installed = await NpmPackageCache.EnsureInstalledAsync(
            "interop-jwt", Path.Combine(scripts, "package.json"), Path.Combine(scripts, "package-lock.json"));
        var result = await ProcessRunner.RunAsync(
            "node",
            [Path.Combine(scripts, "mint-jwts.js")],
            scripts,
            new Dictionary<string, string>
            {
                ["NODE_PATH"] = Path.Combine(installed, "node_modules"),
                ["JWT_NOW"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["JWT_ISS"] = issuer,
                ["JWT_AUD"] = audience,
            },
            MintTimeout);
        ProcessRunner.EnsureSucceeded(result, "node mint-jwts.js");

        using var document = JsonDocument.Parse(result.StandardOutput);
        var root = document.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray()
            .Select(c => new MintedJwt(c.GetProperty("name").GetString()!, c.GetProperty("token").GetString()!, c.GetProperty("expect").GetString()!))
            .ToList();
        return new MintedJwts(root.GetProperty("jwks").GetRawText(), cases);
    }
}

internal sealed record MintedJwts(string Jwks, IReadOnlyList<MintedJwt> Cases);

internal sealed record MintedJwt(string Name, string Token, string Expect)
{
    public override string ToString() => Name;
}
