using System.Diagnostics;
using System.Globalization;
using Authorizer.Client;
using Authorizer.Core.Signing;

namespace Authorizer.Benchmarks;

/// <summary>
/// A bounded closed-loop load generator for <c>start-api</c>: N clients, each sending one freshly signed
/// signature-ca request after the other (every request carries a new nonce, so every one is a store write)
/// for a fixed time, then latency percentiles and the count of non-2xx answers; app-basic (no store write) is
/// the floor to run beside it under the same machine load. BenchmarkDotNet measures
/// in-process code; this measures the whole local path (HTTP, gateway, authorizer, SQLite) from outside.
/// </summary>
internal static class SignedLoad
{
    /// <param name="serverPid">When given, the server's CPU time over the measured window is printed per request beside the
    /// generator's own, so the share of the two cores each side takes is visible (both run on the same machine).</param>
    public static async Task<int> RunAsync(string url, string scheme, string appKey, string appSecret, int clients, int seconds, int? serverPid = null)
    {
        var credentials = scheme switch
        {
            "signature-ca" => SigningCredentials.ForSignatureCa(appKey, appSecret),
            "app-basic" => SigningCredentials.ForAppBasic(appKey, appSecret),
            _ => throw new ArgumentException($"load-signed: scheme is signature-ca or app-basic, not '{scheme}'", nameof(scheme)),
        };
        var options = new SigningHandlerOptions { Credentials = credentials };
        using var http = new HttpClient(new SigningHandler(options, new SocketsHttpHandler { MaxConnectionsPerServer = clients }))
        {
            Timeout = TimeSpan.FromSeconds(10),
        };

        // Warm-up: connections, JIT, caches; not counted.
        await LoopAsync(http, url, clients, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        using var server = serverPid is { } pid ? Process.GetProcessById(pid) : null;
        var selfCpu = self.TotalProcessorTime;
        var serverCpu = server?.TotalProcessorTime ?? TimeSpan.Zero;
        var results = await LoopAsync(http, url, clients, TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        self.Refresh();
        server?.Refresh();
        var selfUsed = self.TotalProcessorTime - selfCpu;
        var serverUsed = server is null ? TimeSpan.Zero : server.TotalProcessorTime - serverCpu;

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var errors = results.Sum(r => r.Errors);
        var ms = (double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Percentile(double p) => latencies.Length == 0 ? 0 : ms(latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)]);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"scheme={scheme} clients={clients} seconds={seconds} requests={latencies.Length} errors={errors} rps={latencies.Length / (double)seconds:F0} p50={Percentile(0.50):F2}ms p99={Percentile(0.99):F2}ms max={(latencies.Length == 0 ? 0 : ms(latencies[^1])):F2}ms"));
        if (latencies.Length > 0)
        {
            var perRequest = (TimeSpan used) => used.TotalMicroseconds / latencies.Length;
            var serverPart = server is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" server={perRequest(serverUsed):F1}us");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu per request: generator={perRequest(selfUsed):F1}us{serverPart}"));
        }

        return errors == 0 ? 0 : 1;
    }

    private static async Task<ClientResult[]> LoopAsync(HttpClient http, string url, int clients, TimeSpan duration)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var result = new ClientResult();
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(url).ConfigureAwait(false);
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        result.Errors++;
                    }
                }
                catch (HttpRequestException)
                {
                    result.Errors++;
                }
                catch (TaskCanceledException)
                {
                    result.Errors++;
                }

                result.Latencies.Add(Stopwatch.GetTimestamp() - started);
            }

            return result;
        }));
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private sealed class ClientResult
    {
        public List<long> Latencies { get; } = [];

        public int Errors { get; set; }
    }
}
