using System.CommandLine;
using Authorizer.Core.Jwt;
using Authorizer.Local.Seeding;

namespace Authorizer.Local.Commands;

/// <summary>
/// <c>jwt [--sub S] [--exp SECONDS] [--aud A] [--iss I] [--claim name=value]... [--key-file FILE] [--curl URL]</c>:
/// mints a token with the demo identity provider's key (created by <c>start-api</c>) and prints it, or a curl command
/// that sends it as <c>Authorization: Bearer</c>. The claims are built and signed by Core (<see cref="JwtClaimSet"/>,
/// <see cref="JwtSigner"/>); this command only reads options.
/// </summary>
internal static class JwtCommand
{
    public const string DefaultSubject = "demo-user";
    public const int DefaultLifetimeSeconds = 3600;

    /// <summary>A year either way: enough for any demo, and far from NumericDate's bounds.</summary>
    private const int MaxLifetimeSeconds = 366 * 24 * 3600;

    public static string DefaultKeyFile => DemoIdentityProvider.DefaultKeyFile(".authorizer");

    public static Command Create(CommandIo io)
    {
        var sub = new Option<string>("--sub") { Description = $"The subject (default {DefaultSubject}).", HelpName = "S" };
        var exp = new Option<int>("--exp")
        {
            Description = $"Seconds from now until the token expires (default {DefaultLifetimeSeconds}; negative mints an expired token).",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => DefaultLifetimeSeconds,
        };
        exp.Validators.Add(result =>
        {
            if (Math.Abs(result.GetValueOrDefault<int>()) > MaxLifetimeSeconds)
            {
                result.AddError($"--exp must be between -{MaxLifetimeSeconds} and {MaxLifetimeSeconds}");
            }
        });
        var aud = new Option<string>("--aud") { Description = $"The audience (default {DemoIdentityProvider.Audience}).", HelpName = "A" };
        var iss = new Option<string>("--iss") { Description = $"The issuer (default {DemoIdentityProvider.Issuer}).", HelpName = "I" };
        var claims = new Option<string[]>("--claim")
        {
            Description = "An extra string claim, name=value (repeatable); the demo provider passes scope to the backend as claim_scope.",
            HelpName = "name=value",
            AllowMultipleArgumentsPerToken = false,
        };
        var keyFile = new Option<string>("--key-file")
        {
            Description = $"The demo identity provider's private key (default {DefaultKeyFile}, beside the default store).",
            HelpName = "FILE",
        };
        var curl = new Option<string>("--curl") { Description = "Print a curl command that sends the token to URL as Authorization: Bearer.", HelpName = "URL" };
        var command = new Command("jwt", "Mints a token from the local demo identity provider and prints it, or a curl command.")
        {
            sub, exp, aud, iss, claims, keyFile, curl,
        };
        command.SetAction(async (result, _) =>
        {
            var target = result.GetValue(curl) is { } url ? SignCommand.AbsoluteUrl(url) : null;
            var now = TimeProvider.System.GetUtcNow();
            var set = new JwtClaimSet
            {
                Issuer = result.GetValue(iss) ?? DemoIdentityProvider.Issuer,
                Audience = result.GetValue(aud) ?? DemoIdentityProvider.Audience,
                Subject = result.GetValue(sub) ?? DefaultSubject,
                IssuedAt = now,
                ExpiresAt = now.AddSeconds(result.GetValue(exp)),
                Extra = [.. (result.GetValue(claims) ?? []).Select(Claim)],
            };
            if (set.Problem() is { } problem)
            {
                throw new UsageException($"--claim: {problem}");
            }

            var provider = DemoIdentityProvider.Load(result.GetValue(keyFile) ?? DefaultKeyFile, create: false);
            using var signer = provider.CreateSigner();
            var token = signer.Sign(set.ToJson());
            await io.Stdout.WriteLineAsync(target is null ? token : Curl(token, target)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>The exact request a caller sends with the token: one header, nothing curl would add that matters.</summary>
    public static string Curl(string token, Uri url) =>
        $"curl -si -H {SignCommand.Quote($"Authorization: Bearer {token}")} {SignCommand.Quote(url.OriginalString)}";

    private static KeyValuePair<string, string> Claim(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0
            ? throw new UsageException($"--claim '{text}': expected name=value")
            : new KeyValuePair<string, string>(text[..equals], text[(equals + 1)..]);
    }
}
