using System.Globalization;
using Authorizer.Store.DynamoDb;

namespace Authorizer.Store.Tests;

/// <summary>The cold-start trace bench/cold-start.sh reads: nothing when off, ordered monotonic marks once when on.</summary>
public sealed class StartupTraceTests
{
    [Fact]
    public void Off_it_collects_and_writes_nothing()
    {
        var trace = new StartupTraceRecorder(requested: false);
        trace.Mark("main");
        using var output = new StringWriter();

        trace.Flush(output);

        Assert.False(trace.Enabled);
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void The_process_runs_untraced_without_the_variable()
    {
        Assert.Null(Environment.GetEnvironmentVariable(StartupTrace.Variable));
        Assert.False(StartupTrace.Enabled);
    }

    [Fact]
    public void On_it_writes_the_marks_in_order_on_the_monotonic_clock_then_an_end_line_once()
    {
        var trace = new StartupTraceRecorder(requested: true);
        trace.Mark("main");
        trace.Mark("composition-end");
        using var output = new StringWriter();

        trace.Flush(output);
        trace.Mark("late");
        trace.Flush(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("startup-trace end 0", lines[2].TrimEnd('\r'));
        var first = lines[0].Split(' ');
        var second = lines[1].Split(' ');
        Assert.Equal(["startup-trace", "main"], first[..2]);
        Assert.Equal(["startup-trace", "composition-end"], second[..2]);
        Assert.True(long.Parse(second[2], CultureInfo.InvariantCulture) >= long.Parse(first[2], CultureInfo.InvariantCulture));
        Assert.False(trace.Enabled);
    }

    [Fact]
    public void Marks_beyond_the_capacity_are_dropped_not_written_out_of_bounds()
    {
        var trace = new StartupTraceRecorder(requested: true);
        Parallel.For(0, StartupTraceRecorder.Capacity * 4, i => trace.Mark("m" + i.ToString(CultureInfo.InvariantCulture)));
        using var output = new StringWriter();

        trace.Flush(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(StartupTraceRecorder.Capacity + 1, lines.Length);
        Assert.All(lines[..^1], line => Assert.StartsWith("startup-trace m", line, StringComparison.Ordinal));
    }
}
