using Authorizer.Functions.Logging;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests.Logging;

public sealed class DecisionLogAllocationTests
{
    [Fact]
    public void A_decision_line_allocates_nothing_once_the_thread_has_written_one()
    {
        var log = new DecisionLog(Stream.Null, AuthorizerLogLevel.Information, TimeProvider.System);
        var entry = new DecisionLogEntry
        {
            Level = AuthorizerLogLevel.Information,
            Message = "authorizer decision",
            Outcome = "allow",
            Scheme = "appcode",
            AppId = "app-1",
            ApiId = "api",
            Stage = "prod",
            EventKind = "rest-request",
            RequestId = "c0ffee00-0000-4000-8000-000000000001",
            LatencyMicroseconds = 123,
        };
        for (var i = 0; i < 10; i++)
        {
            log.Write(entry);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            log.Write(entry);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Lines_written_one_after_another_are_each_complete()
    {
        using var sink = new MemoryStream();
        var log = new DecisionLog(sink, AuthorizerLogLevel.Information, TimeProvider.System);

        log.Write(new DecisionLogEntry { Level = AuthorizerLogLevel.Information, Message = "first", RequestId = new string('x', 2000) });
        log.Write(new DecisionLogEntry { Level = AuthorizerLogLevel.Warning, Message = "second" });

        var lines = System.Text.Encoding.UTF8.GetString(sink.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("first", System.Text.Json.JsonDocument.Parse(lines[0]).RootElement.GetProperty("message").GetString());
        Assert.Equal("second", System.Text.Json.JsonDocument.Parse(lines[1]).RootElement.GetProperty("message").GetString());
        Assert.False(System.Text.Json.JsonDocument.Parse(lines[1]).RootElement.TryGetProperty("requestId", out _));
    }
}
