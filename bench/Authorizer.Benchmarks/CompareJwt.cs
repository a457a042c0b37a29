using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace Authorizer.Benchmarks;

/// <summary>
/// <c>compare-jwt [node-iterations]</c>: <see cref="TokenBenchmarks"/> under BenchmarkDotNet, then npm <c>jose</c> and
/// <c>aws-jwt-verify</c> (bench/node/jwt-bench.js, NODE_PATH from the environment) on the very token that run
/// measured, then each side's time per verification and the ratios the targets are stated in.
/// </summary>
internal static class CompareJwt
{
    public static async Task<int> RunAsync(int nodeIterations, string nodeScript)
    {
        var summary = BenchmarkRunner.Run<TokenBenchmarks>(new BenchConfig());
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) || TokenBenchmarks.LastSample is not { } sample)
        {
            return 1;
        }

        var ours = summary.Reports.ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Mean);
        var node = await RunNodeAsync(nodeScript, sample.Token, sample.Jwk, nodeIterations);
        if (node is null)
        {
            return 1;
        }

        using var json = System.Text.Json.JsonDocument.Parse(node);
        var jose = json.RootElement.GetProperty("jose").GetProperty("nsPerOp").GetDouble();
        var aws = json.RootElement.GetProperty("awsJwtVerify").GetProperty("nsPerOp").GetDouble();
        var raw = ours[nameof(TokenBenchmarks.RawVerify)];
        Console.WriteLine("ns per verification (BenchmarkDotNet means; node: mean over " + nodeIterations.ToString(CultureInfo.InvariantCulture) + " calls)");
        foreach (var (name, mean) in ours)
        {
            Console.WriteLine(FormattableString.Invariant($"  {name,-32} {mean,12:F0} ns   {mean / raw,6:F3}x raw   jose/this {jose / mean,8:F1}   aws-jwt-verify/this {aws / mean,8:F1}"));
        }

        Console.WriteLine(FormattableString.Invariant($"  {"jose jwtVerify",-32} {jose,12:F0} ns   {jose / raw,6:F3}x raw"));
        Console.WriteLine(FormattableString.Invariant($"  {"aws-jwt-verify verify",-32} {aws,12:F0} ns   {aws / raw,6:F3}x raw"));
        return 0;
    }

    private static async Task<string?> RunNodeAsync(string script, string token, string jwk, int iterations)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(token);
        start.ArgumentList.Add(jwk);
        start.ArgumentList.Add(iterations.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"compare-jwt: node exited with {process.ExitCode}");
            return null;
        }

        return output;
    }
}
