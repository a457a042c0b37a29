using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Authorizer.Core.Jwt;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Local.Commands;
using Authorizer.Local.Gateway;
using Authorizer.Local.Seeding;
using Authorizer.Local.Template;
using Authorizer.Store.Sqlite;

namespace Authorizer.Local.Tests.Jwt;

/// <summary>The demo identity provider's key, the <c>jwt</c> command that mints its tokens, and the demo seed's provider.</summary>
public sealed class JwtCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authorizer-jwt-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_demo_key_is_created_once_with_mode_0600_and_keeps_its_kid()
    {
        var first = DemoIdentityProvider.LoadOrCreate(_directory);
        var second = DemoIdentityProvider.LoadOrCreate(_directory);

        if (!OperatingSystem.IsWindows())
        {
            // Windows has no file modes (its ACLs are not checked here); the runner's key files are POSIX 0600.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeyFile));
        }

        Assert.Equal(first.Kid, second.Kid);
        Assert.True(JsonWebKeySet.TryParse(first.Jwks, out var keys, out _));
        var key = Assert.Single(keys.Keys);
        Assert.Equal(first.Kid, key.Kid);
        Assert.DoesNotContain("\"d\"", first.Jwks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_mints_a_token_signed_by_the_demo_key_with_the_requested_claims()
    {
        var provider = DemoIdentityProvider.LoadOrCreate(_directory);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var (exit, stdout, stderr) = await RunAsync("jwt", "--key-file", provider.KeyFile, "--sub", "bob", "--exp", "600", "--claim", "scope=orders:read", "--claim", "email=bob@example.com");

        Assert.True(exit == 0, stderr);
        var token = stdout.Trim();
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using (var header = JsonDocument.Parse(Decode(parts[0])))
        {
            Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
            Assert.Equal(provider.Kid, header.RootElement.GetProperty("kid").GetString());
        }

        using var payload = JsonDocument.Parse(Decode(parts[1]));
        var claims = payload.RootElement;
        Assert.Equal(DemoIdentityProvider.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(DemoIdentityProvider.Audience, claims.GetProperty("aud").GetString());
        Assert.Equal("bob", claims.GetProperty("sub").GetString());
        Assert.Equal("orders:read", claims.GetProperty("scope").GetString());
        Assert.Equal("bob@example.com", claims.GetProperty("email").GetString());
        var iat = claims.GetProperty("iat").GetInt64();
        Assert.InRange(iat, before, before + 60);
        Assert.Equal(iat + 600, claims.GetProperty("exp").GetInt64());

        // Checked with the published public key alone, as any verifier would.
        using var jwks = JsonDocument.Parse(provider.Jwks);
        var jwk = jwks.RootElement.GetProperty("keys")[0];
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Decode(jwk.GetProperty("x").GetString()!), Y = Decode(jwk.GetProperty("y").GetString()!) },
        });
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Decode(parts[2]), HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task Jwt_curl_prints_a_command_that_sends_the_token_as_a_bearer_credential()
    {
        var provider = DemoIdentityProvider.LoadOrCreate(_directory);

        var (exit, stdout, _) = await RunAsync("jwt", "--key-file", provider.KeyFile, "--curl", "http://127.0.0.1:3001/echo/hello");

        Assert.Equal(0, exit);
        Assert.Matches(@"^curl -si -H 'Authorization: Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+' 'http://127\.0\.0\.1:3001/echo/hello'\n$", stdout);
    }

    [Theory]
    [InlineData("sub=eve")]
    [InlineData("exp=99999999999")]
    [InlineData("=x")]
    [InlineData("scope")]
    public async Task A_claim_that_is_registered_or_not_name_value_is_a_usage_error(string claim)
    {
        var provider = DemoIdentityProvider.LoadOrCreate(_directory);

        var (exit, stdout, stderr) = await RunAsync("jwt", "--key-file", provider.KeyFile, "--claim", claim);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("--claim", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Jwt_without_the_demo_key_says_where_it_looked_and_who_creates_it()
    {
        var missing = Path.Combine(_directory, "nowhere.pem");

        var (exit, stdout, stderr) = await RunAsync("jwt", "--key-file", missing);

        Assert.Equal(CommandLine.Failure, exit);
        Assert.StartsWith($"error: the demo identity provider's key {missing} does not exist; start-api creates it", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task The_demo_seed_gives_one_api_the_provider_and_its_app_only_that_apis_echo_routes()
    {
        var provider = DemoIdentityProvider.LoadOrCreate(_directory);
        using var store = new SqliteAppStore(Path.Combine(_directory, "local.db"), TimeProvider.System);
        using var protector = AesGcmSecretProtector.FromKeyFile(Path.Combine(_directory, "secret.key"));

        var report = await new Seeder(store, protector, TimeProvider.System)
            .SeedAsync(DemoSeed.Create(["localhttp1"], new DemoJwt("localhttp1", provider.Settings())), CancellationToken.None);

        var idp = Assert.Single(report.Apps, a => a.App.Name == DemoIdentityProvider.AppName);
        var jwt = (await store.GetApiSettingsAsync("localhttp1"))!.Jwt!;
        Assert.Equal(idp.AppId, jwt.Provider.AppId);
        Assert.Equal((JwtMode.AppOrJwt, JwtTokenSource.Header, "Authorization", "Bearer"), (jwt.Mode, jwt.Source, jwt.Name, jwt.Prefix));
        Assert.Equal(provider.Jwks, jwt.Provider.Jwks);
        Assert.Empty(JwtSettingsValidation.Validate(jwt, allowLoopbackHttp: false));
        Assert.Null((await store.GetApiSettingsAsync(ApiSettings.DefaultApiId))!.Jwt);
        var grant = Assert.Single(await store.GetAuthorizationsForAppAsync(idp.AppId!));
        Assert.Equal(("localhttp1", "*", new RouteGrant("*", "/echo/*")), (grant.ApiId, grant.Stage, Assert.Single(grant.Routes)));
    }

    [Fact]
    public async Task The_jwks_route_is_served_only_where_no_template_route_matches_it()
    {
        var template = TemplateReader.Read(RepositoryPaths.Template);
        var rest = template.Apis.First(a => a.Kind == ApiKind.Rest);
        var catchAll = rest with { Routes = [.. rest.Routes, new RouteDefinition(rest.LogicalId, "ANY", "/{proxy+}", "EchoFunction", null)] };
        template = template with { Apis = [.. template.Apis.Select(a => a == rest ? catchAll : a)] };
        var jwks = DemoIdentityProvider.LoadOrCreate(_directory).Jwks;

        await using var gateway = await LocalGateway.StartAsync(template, 0, TimeProvider.System, TextWriter.Null, (_, _) => true, CancellationToken.None, jwks);

        Assert.Null(gateway.Server(ApiKind.Rest).JwksUri);
        var served = gateway.Server(ApiKind.Http).JwksUri;
        Assert.NotNull(served);
        using var http = new HttpClient();
        using var response = await http.GetAsync(served);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jwks, await response.Content.ReadAsStringAsync());
    }

    private static byte[] Decode(string part) => Base64Url.DecodeFromChars(part);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
