using System.Buffers;
using Authorizer.Core.Decisions;
using Authorizer.Core.Metrics;

namespace Authorizer.Core.Tests.Metrics;

public sealed class AuthorizerMetricsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decisions_are_counted_by_outcome_and_reason_in_the_Authorizer_namespace()
    {
        var metrics = new AuthorizerMetrics();
        metrics.RecordDecision(AuthDecision.Deny("arn", ErrorCodes.InvalidSignature, "m"));
        metrics.RecordDecision(AuthDecision.Deny("arn", ErrorCodes.InvalidSignature, "m"));
        metrics.RecordDecision(AuthDecision.Deny("arn", ErrorCodes.NonceUsed, "m"));
        metrics.RecordDecision(AuthDecision.Unauthorized());

        var lines = EmfLines.Drain(metrics, At);

        Assert.Equal(3, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal(At.ToUnixTimeMilliseconds(), line.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
            Assert.Equal("Authorizer", EmfLines.Directive(line).GetProperty("Namespace").GetString());
            Assert.Contains(EmfLines.DimensionSets(line), set => set.SequenceEqual(["Outcome", "Reason"]));
            Assert.Equal(["Decisions"], EmfLines.MetricNames(line));
        }

        long CountOf(string outcome, string reason) => lines
            .Where(l => l.GetProperty("Outcome").GetString() == outcome && l.GetProperty("Reason").GetString() == reason)
            .Select(l => l.GetProperty("Decisions").GetInt64())
            .Single();

        Assert.Equal(2, CountOf("Deny", ErrorCodes.InvalidSignature));
        Assert.Equal(1, CountOf("Deny", ErrorCodes.NonceUsed));
        Assert.Equal(1, CountOf("Unauthorized", "none"));
    }

    [Fact]
    public void Internal_failures_are_reported_as_the_Error_outcome()
    {
        var metrics = new AuthorizerMetrics();
        metrics.RecordError();

        var line = Assert.Single(EmfLines.Drain(metrics, At));

        Assert.Equal("Error", line.GetProperty("Outcome").GetString());
        Assert.Equal("internal_error", line.GetProperty("Reason").GetString());
    }

    [Fact]
    public void Draining_resets_the_counters_so_each_invocation_is_reported_once()
    {
        var metrics = new AuthorizerMetrics();
        metrics.RecordDecision(AuthDecision.Unauthorized());
        metrics.RecordLookup(LookupKind.AppByKey);
        metrics.RecordStoreLatency(StoreOperation.GetAppByKey, TimeSpan.FromMilliseconds(3));

        Assert.Equal(3, EmfLines.Drain(metrics, At).Count);
        var buffer = new ArrayBufferWriter<byte>();
        Assert.Equal(0, metrics.Drain(buffer, At));
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Fact]
    public void Cache_hits_are_lookups_minus_misses_per_lookup_kind()
    {
        var metrics = new AuthorizerMetrics();
        for (var i = 0; i < 5; i++)
        {
            metrics.RecordLookup(LookupKind.AppByKey);
        }

        metrics.RecordMiss(LookupKind.AppByKey);
        metrics.RecordLookup(LookupKind.ApiSettings);

        var lines = EmfLines.Drain(metrics, At);

        var byKey = lines.Single(l => l.GetProperty("Lookup").GetString() == "AppByKey");
        Assert.Equal(4, byKey.GetProperty("CacheHits").GetInt64());
        Assert.Equal(1, byKey.GetProperty("CacheMisses").GetInt64());
        Assert.Equal(["CacheHits", "CacheMisses"], EmfLines.MetricNames(byKey));
        Assert.Equal([["Lookup"]], EmfLines.DimensionSets(byKey));
        var settings = lines.Single(l => l.GetProperty("Lookup").GetString() == "ApiSettings");
        Assert.Equal(1, settings.GetProperty("CacheHits").GetInt64());
        Assert.Equal(0, settings.GetProperty("CacheMisses").GetInt64());
    }

    [Fact]
    public void Store_latency_is_reported_in_milliseconds_as_a_value_array()
    {
        var metrics = new AuthorizerMetrics();
        metrics.RecordStoreLatency(StoreOperation.GetAppByKey, TimeSpan.FromMilliseconds(2.5));
        metrics.RecordStoreLatency(StoreOperation.GetAppByKey, TimeSpan.FromMilliseconds(4));

        var line = Assert.Single(EmfLines.Drain(metrics, At));

        Assert.Equal("GetAppByKey", line.GetProperty("Operation").GetString());
        Assert.Equal("Milliseconds", EmfLines.Directive(line).GetProperty("Metrics")[0].GetProperty("Unit").GetString());
        Assert.Equal([2.5, 4.0], line.GetProperty("StoreLatency").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(2, metrics.TotalStoreCalls);
    }

    [Fact]
    public void Latency_samples_stop_at_the_EMF_limit_but_every_call_is_counted()
    {
        var metrics = new AuthorizerMetrics();
        for (var i = 0; i < AuthorizerMetrics.MaxLatencySamplesPerOperation + 20; i++)
        {
            metrics.RecordStoreLatency(StoreOperation.RecordNonce, TimeSpan.FromMilliseconds(1));
        }

        var line = Assert.Single(EmfLines.Drain(metrics, At));

        Assert.Equal(AuthorizerMetrics.MaxLatencySamplesPerOperation, line.GetProperty("StoreLatency").GetArrayLength());
        Assert.Equal(AuthorizerMetrics.MaxLatencySamplesPerOperation + 20, metrics.TotalStoreCalls);
    }

    [Fact]
    public void Concurrent_recording_loses_no_decision()
    {
        var metrics = new AuthorizerMetrics();
        var deny = AuthDecision.Deny("arn", ErrorCodes.UnknownApp, "m");

        Parallel.For(0, 4_000, _ => metrics.RecordDecision(deny));

        var line = Assert.Single(EmfLines.Drain(metrics, At));
        Assert.Equal(4_000, line.GetProperty("Decisions").GetInt64());
    }

    [Fact]
    public void Decision_latency_is_a_histogram_per_outcome_and_reason_with_percentiles()
    {
        var metrics = new AuthorizerMetrics();
        for (var i = 0; i < 98; i++)
        {
            metrics.RecordDecision(AuthDecision.Deny("arn", ErrorCodes.NotAuthorized, "m"), TimeSpan.FromMicroseconds(3));
        }

        metrics.RecordDecision(AuthDecision.Deny("arn", ErrorCodes.NotAuthorized, "m"), TimeSpan.FromMicroseconds(100));
        metrics.RecordDecision(AuthDecision.Deny("arn", ErrorCodes.NotAuthorized, "m"), TimeSpan.FromMilliseconds(3));

        var line = Assert.Single(EmfLines.Drain(metrics, At));

        Assert.Equal(["Decisions", "LatencyP50", "LatencyP99", "LatencyMax"], EmfLines.MetricNames(line));
        Assert.Equal(100, line.GetProperty("Decisions").GetInt64());
        Assert.Equal(4, line.GetProperty("LatencyP50").GetInt64());
        Assert.Equal(128, line.GetProperty("LatencyP99").GetInt64());
        Assert.Equal(4096, line.GetProperty("LatencyMax").GetInt64());
        var histogram = line.GetProperty("LatencyHistogramUs");
        Assert.Equal(98, histogram.GetProperty("4").GetInt64());
        Assert.Equal(1, histogram.GetProperty("128").GetInt64());
        Assert.Equal(1, histogram.GetProperty("4096").GetInt64());
    }
}
