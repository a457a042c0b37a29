using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Authorizer.Core.Decisions;

namespace Authorizer.Core.Metrics;

/// <summary>
/// Per-container aggregates of decisions (a count and a latency histogram per outcome and reason), cache lookups
/// and store latency. Recording is lock-free and allocation-free after the first occurrence of an (outcome, reason)
/// pair, so concurrent invocations (Lambda Managed Instances) record side by side; <see cref="Drain"/> takes the
/// counts, resets them, and writes CloudWatch Embedded Metric Format lines — one per metric group, since an EMF line
/// carries one value per dimension.
/// </summary>
public sealed class AuthorizerMetrics
{
    public const string Namespace = "Authorizer";

    /// <summary>EMF accepts at most 100 values per metric in one line; samples beyond that are counted, not kept.</summary>
    public const int MaxLatencySamplesPerOperation = 100;

    private const string NoReason = "none";
    private const string ErrorOutcome = "Error";

    private static readonly string[] LookupNames = Enum.GetNames<LookupKind>();
    private static readonly string[] OperationNames = Enum.GetNames<StoreOperation>();

    private readonly ConcurrentDictionary<DecisionKey, DecisionStats> _decisions = new();

    // Lookups of kind k at k, misses at LookupNames.Length + k: several per decision, so striped per processor.
    private readonly StripedCounters _lookups = new(2 * LookupNames.Length);
    private readonly Lock _latencyLock = new();
    private readonly double[][] _latencies = CreateLatencyBuffers();
    private readonly int[] _latencyCounts = new int[OperationNames.Length];
    private readonly long[] _storeCalls = new long[OperationNames.Length];

    /// <summary>Store calls since the process started (never reset by <see cref="Drain"/>); the cache-efficiency check reads it.</summary>
    public long TotalStoreCalls
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _storeCalls.Length; i++)
            {
                total += Interlocked.Read(ref _storeCalls[i]);
            }

            return total;
        }
    }

    public void RecordDecision(AuthDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        RecordDecision(OutcomeName(decision.Outcome), decision.ErrorCode, -1);
    }

    /// <summary>A decision and how long it took, into the (outcome, reason) latency histogram.</summary>
    public void RecordDecision(AuthDecision decision, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(decision);
        RecordDecision(OutcomeName(decision.Outcome), decision.ErrorCode, (long)elapsed.TotalMicroseconds);
    }

    /// <summary>An invocation that ended in an internal failure (the authorizer failed closed).</summary>
    public void RecordError() => RecordDecision(ErrorOutcome, "internal_error", -1);

    public void RecordLookup(LookupKind kind) => _lookups.Increment((int)kind);

    /// <summary>A lookup that reached the store because the cache could not answer it.</summary>
    public void RecordMiss(LookupKind kind) => _lookups.Increment(LookupNames.Length + (int)kind);

    public void RecordStoreLatency(StoreOperation operation, TimeSpan elapsed)
    {
        var index = (int)operation;
        Interlocked.Increment(ref _storeCalls[index]);
        lock (_latencyLock)
        {
            var count = _latencyCounts[index];
            if (count < MaxLatencySamplesPerOperation)
            {
                _latencies[index][count] = elapsed.TotalMilliseconds;
                _latencyCounts[index] = count + 1;
            }
        }
    }

    /// <summary>
    /// Writes one EMF JSON line per non-empty metric group (each ending in <c>\n</c>) and resets the counters.
    /// Returns the number of lines written; zero when nothing happened since the last drain.
    /// </summary>
    public int Drain(IBufferWriter<byte> output, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = 0;
        var epochMs = timestamp.ToUnixTimeMilliseconds();

        // Entries stay in the table (a container sees a few dozen pairs at most); their counters are taken and reset.
        Span<long> buckets = stackalloc long[LatencyHistogram.BucketCount];
        foreach (var (key, stats) in _decisions)
        {
            var count = stats.TakeCount();
            var timed = stats.TakeBuckets(buckets);
            if (count == 0)
            {
                continue;
            }

            WriteDecisionLine(output, epochMs, key, count, buckets, timed);
            lines++;
        }

        for (var i = 0; i < LookupNames.Length; i++)
        {
            var lookups = _lookups.Take(i);
            var misses = _lookups.Take(LookupNames.Length + i);
            if (lookups == 0 && misses == 0)
            {
                continue;
            }

            // A miss counted by a drain that raced its lookup would make hits negative; report no fewer than zero.
            WriteCacheLine(output, epochMs, LookupNames[i], Math.Max(0, lookups - misses), misses);
            lines++;
        }

        for (var i = 0; i < OperationNames.Length; i++)
        {
            double[] samples;
            lock (_latencyLock)
            {
                var count = _latencyCounts[i];
                if (count == 0)
                {
                    continue;
                }

                samples = _latencies[i].AsSpan(0, count).ToArray();
                _latencyCounts[i] = 0;
            }

            WriteLatencyLine(output, epochMs, OperationNames[i], samples);
            lines++;
        }

        return lines;
    }

    private void RecordDecision(string outcome, string? reason, long microseconds)
    {
        var key = new DecisionKey(outcome, reason ?? NoReason);
        if (!_decisions.TryGetValue(key, out var stats))
        {
            stats = _decisions.GetOrAdd(key, static _ => new DecisionStats());
        }

        stats.Record(microseconds);
    }

    private static string OutcomeName(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Allow => "Allow",
        DecisionOutcome.Deny => "Deny",
        _ => "Unauthorized",
    };

    private static double[][] CreateLatencyBuffers()
    {
        var buffers = new double[OperationNames.Length][];
        for (var i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new double[MaxLatencySamplesPerOperation];
        }

        return buffers;
    }

    private static readonly (string Name, string Unit)[] CountOnly = [("Decisions", "Count")];

    private static readonly (string Name, string Unit)[] CountAndLatency =
        [("Decisions", "Count"), ("LatencyP50", "Microseconds"), ("LatencyP99", "Microseconds"), ("LatencyMax", "Microseconds")];

    private static void WriteDecisionLine(IBufferWriter<byte> output, long epochMs, DecisionKey key, long count, ReadOnlySpan<long> buckets, long timed)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        WriteMetadata(writer, epochMs, [["Outcome", "Reason"], ["Outcome"]], timed > 0 ? CountAndLatency : CountOnly);
        writer.WriteString("Outcome", key.Outcome);
        writer.WriteString("Reason", key.Reason);
        writer.WriteNumber("Decisions", count);
        if (timed > 0)
        {
            // Percentiles are bucket upper bounds (within 2x); the histogram itself goes along for Logs Insights.
            writer.WriteNumber("LatencyP50", LatencyHistogram.Quantile(buckets, timed, 0.50));
            writer.WriteNumber("LatencyP99", LatencyHistogram.Quantile(buckets, timed, 0.99));
            writer.WriteNumber("LatencyMax", LatencyHistogram.Quantile(buckets, timed, 1.0));
            writer.WriteStartObject("LatencyHistogramUs");
            for (var i = 0; i < buckets.Length; i++)
            {
                if (buckets[i] > 0)
                {
                    writer.WriteNumber(i == buckets.Length - 1 ? "inf" : LatencyHistogram.UpperBoundMicroseconds(i).ToString(System.Globalization.CultureInfo.InvariantCulture), buckets[i]);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.Flush();
        WriteNewLine(output);
    }

    private static void WriteCacheLine(IBufferWriter<byte> output, long epochMs, string lookup, long hits, long misses)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        WriteMetadata(writer, epochMs, [["Lookup"]], [("CacheHits", "Count"), ("CacheMisses", "Count")]);
        writer.WriteString("Lookup", lookup);
        writer.WriteNumber("CacheHits", hits);
        writer.WriteNumber("CacheMisses", misses);
        writer.WriteEndObject();
        writer.Flush();
        WriteNewLine(output);
    }

    private static void WriteLatencyLine(IBufferWriter<byte> output, long epochMs, string operation, double[] samples)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        WriteMetadata(writer, epochMs, [["Operation"]], [("StoreLatency", "Milliseconds")]);
        writer.WriteString("Operation", operation);
        writer.WriteStartArray("StoreLatency");
        foreach (var sample in samples)
        {
            writer.WriteNumberValue(Math.Round(sample, 3));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        WriteNewLine(output);
    }

    private static void WriteMetadata(
        Utf8JsonWriter writer,
        long epochMs,
        string[][] dimensionSets,
        (string Name, string Unit)[] metrics)
    {
        writer.WriteStartObject("_aws");
        writer.WriteNumber("Timestamp", epochMs);
        writer.WriteStartArray("CloudWatchMetrics");
        writer.WriteStartObject();
        writer.WriteString("Namespace", Namespace);
        writer.WriteStartArray("Dimensions");
        foreach (var set in dimensionSets)
        {
            writer.WriteStartArray();
            foreach (var dimension in set)
            {
                writer.WriteStringValue(dimension);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("Metrics");
        foreach (var (name, unit) in metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("Name", name);
            writer.WriteString("Unit", unit);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNewLine(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(1);
        span[0] = (byte)'\n';
        output.Advance(1);
    }

    private readonly record struct DecisionKey(string Outcome, string Reason);

    /// <summary>
    /// One (outcome, reason)'s decision count and latency histogram on one set of striped counters: a decision
    /// writes two slots on its own processor's stripe and nothing another processor's decisions write.
    /// </summary>
    private sealed class DecisionStats
    {
        private const int CountSlot = LatencyHistogram.BucketCount;

        private readonly StripedCounters _counters = new(LatencyHistogram.BucketCount + 1);

        /// <param name="microseconds">Negative: counted without a latency.</param>
        public void Record(long microseconds)
        {
            _counters.Increment(CountSlot);
            if (microseconds >= 0)
            {
                _counters.Increment(LatencyHistogram.BucketOf(microseconds));
            }
        }

        public long TakeCount() => _counters.Take(CountSlot);

        /// <summary>Moves the bucket counts into <paramref name="destination"/> and resets them; answers their total.</summary>
        public long TakeBuckets(Span<long> destination)
        {
            long total = 0;
            for (var i = 0; i < LatencyHistogram.BucketCount; i++)
            {
                destination[i] = _counters.Take(i);
                total += destination[i];
            }

            return total;
        }
    }
}
