using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Signing;
using Authorizer.Core.Tokens;
using Authorizer.Functions;
using Authorizer.Functions.Hosting;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// Traffic as a busy API sees it, not one request repeated: <see cref="Apps"/> apps, each granted
/// <see cref="RoutesPerApp"/> routes, every scheme (an app uses one scheme, REST or HTTP API events by app), and
/// which app and which of its routes call next both Zipf-distributed (s = 1), so a few apps and routes are hot
/// and a long tail is not. <see cref="Events"/> events are drawn once in setup (seeded, so every run sends the
/// same sequence), each sent once there to warm the app cache and checked to be allowed; the benchmark then
/// sends them in turn through the warm handler on the real composition (SQLite store, AES-GCM, metrics on).
/// Replay protection is off so a signed event can be sent again.
/// </summary>
[MemoryDiagnoser]
public class MixedTrafficBenchmarks
{
    public const int Apps = 1000;
    public const int RoutesPerApp = 50;
    public const int Events = 8192;
    private const double ZipfExponent = 1.0;

    private static readonly string[] Schemes =
        [SchemeIds.AppCode, SchemeIds.AppBasic, SchemeIds.AppSecret, SchemeIds.SignatureCa, SchemeIds.SignatureSdk, SchemeIds.Token];

    private BenchFolder _folder = null!;
    private AuthorizerServices _services = null!;
    private AuthorizerFunction _function = null!;
    private byte[][] _events = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _folder = BenchFolder.Create();
        _services = AuthorizerServices.Create(_folder.Settings() with { CacheMaxEntries = 100_000 });
        _function = new AuthorizerFunction(_services);
        var now = DateTimeOffset.UtcNow;
        var apps = SeedAsync(now).GetAwaiter().GetResult();

        var random = new Random(20261201);
        var appDraw = new Zipf(Apps, ZipfExponent);
        var routeDraw = new Zipf(RoutesPerApp, ZipfExponent);
        var built = new Dictionary<(int App, int Route), byte[]>();
        _events = new byte[Events][];
        for (var i = 0; i < Events; i++)
        {
            // Rank 0 is the hottest; the permutation keeps the hot apps from all sharing one scheme.
            var app = apps[(appDraw.Next(random) * 7919) % Apps];
            var route = routeDraw.Next(random);
            if (!built.TryGetValue((app.Index, route), out var payload))
            {
                payload = app.Event(route, now);
                built[(app.Index, route)] = payload;
            }

            _events[i] = payload;
        }

        foreach (var payload in built.Values)
        {
            var text = Encoding.UTF8.GetString(InvokeAsync(payload).GetAwaiter().GetResult());
            if (!text.Contains("\"Allow\"", StringComparison.Ordinal) && !text.Contains("\"isAuthorized\":true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"A mixed-traffic event is not allowed: {text}");
            }
        }

        DistinctEvents = built.Count;
    }

    /// <summary>How many different (app, route) events the draw produced.</summary>
    internal int DistinctEvents { get; private set; }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _folder.Dispose();
    }

    /// <summary>The next event of the drawn sequence through the warm handler.</summary>
    [Benchmark]
    public async Task<int> Mixed()
    {
        var payload = _events[_next];
        _next = (_next + 1) % _events.Length;
        using var input = new MemoryStream(payload, writable: false);
        using var output = await _function.Handler(input);
        return ((MemoryStream)output).TryGetBuffer(out var bytes) ? bytes.Count : (int)output.Length;
    }

    private async Task<byte[]> InvokeAsync(byte[] payload)
    {
        using var input = new MemoryStream(payload, writable: false);
        using var output = await _function.Handler(input);
        using var copy = new MemoryStream();
        await output.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<BenchApp[]> SeedAsync(DateTimeOffset now)
    {
        var store = _services.Store;
        await store.PutApiSettingsAsync(new ApiSettings { ApiId = BenchCredentials.ApiId, ReplayProtection = ReplayProtection.Off }, null);
        RouteGrant[] routes = [.. Enumerable.Range(0, RoutesPerApp).Select(r => new RouteGrant(BenchApp.Method(r), BenchApp.Path(r)))];
        using var signer = LocalEcdsaTokenSigner.FromKeyFile(_services.Settings.TokenKeyFile);
        var issuer = new TokenIssuer(signer, TimeProvider.System);
        var apps = new BenchApp[Apps];
        for (var i = 0; i < Apps; i++)
        {
            var appId = $"app-mixed-{i:D4}";
            var appKey = (300_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var secret = $"mixed-secret-{i:D4}-0123456789abcdefghij";
            var code = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(appId)));
            var ciphertext = await _services.SecretProtector.ProtectAsync(appId, Encoding.UTF8.GetBytes(secret));
            await store.CreateAppAsync(
                new AppRecord { AppId = appId, Name = appId, AppKey = appKey, Secrets = [new StoredSecret(ciphertext, null)], CreatedAt = now, UpdatedAt = now },
                [new AppCodeRecord("c-" + appId, appId, AppCodeHasher.Hash(code), code[..4], now)]);
            await store.PutAuthorizationAsync(new AppAuthorization
            {
                AuthId = "auth-" + appId,
                AppId = appId,
                ApiId = BenchCredentials.ApiId,
                Stage = "*",
                Routes = routes,
                CreatedAt = now,
            });
            var scheme = Schemes[i % Schemes.Length];
            var token = scheme == SchemeIds.Token ? (await issuer.IssueAsync(appId, 86_400)).Token : null;
            var credentials = scheme switch
            {
                SchemeIds.AppCode => SigningCredentials.ForAppCode(code),
                SchemeIds.AppBasic => SigningCredentials.ForAppBasic(appKey, secret),
                SchemeIds.AppSecret => SigningCredentials.ForAppSecret(appKey, secret),
                SchemeIds.SignatureCa => SigningCredentials.ForSignatureCa(appKey, secret),
                SchemeIds.SignatureSdk => SigningCredentials.ForSignatureSdk(appKey, secret),
                _ => SigningCredentials.ForToken(token!),
            };
            apps[i] = new BenchApp(i, (i / Schemes.Length) % 2 == 0 ? "rest" : "http", credentials);
        }

        return apps;
    }

    private sealed record BenchApp(int Index, string Kind, SigningCredentials Credentials)
    {
        public static string Method(int route) => route % 5 == 4 ? "POST" : "GET";

        public static string Path(int route) => $"/svc{route:D2}/*";

        public byte[] Event(int route, DateTimeOffset now)
        {
            var method = Method(route);
            var resourcePath = $"/svc{route:D2}/items/{Index}";
            return HandlerBenchmarks.BuildEvent(Kind, method, resourcePath, (m, wirePath, query, baseHeaders) =>
                BenchCredentials.Headers(Credentials, m, wirePath, query, baseHeaders, now));
        }
    }

    /// <summary>Ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s, drawn by inverting the cumulative weights.</summary>
    private sealed class Zipf
    {
        private readonly double[] _cumulative;

        public Zipf(int n, double s)
        {
            _cumulative = new double[n];
            var total = 0.0;
            for (var k = 0; k < n; k++)
            {
                total += 1.0 / Math.Pow(k + 1, s);
                _cumulative[k] = total;
            }

            for (var k = 0; k < n; k++)
            {
                _cumulative[k] /= total;
            }
        }

        public int Next(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
        }
    }
}
