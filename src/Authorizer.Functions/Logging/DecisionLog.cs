using System.Buffers;
using System.Text.Json;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Logging;

/// <summary>
/// One JSON line per decision, written with a single write to the sink (stdout in Lambda). Fields are fixed
/// identifiers and ids only: never a secret, AppCode, token, signature, header value or deny message.
/// </summary>
public sealed class DecisionLog
{
    private static readonly Lazy<Stream> StandardOutput = new(Console.OpenStandardOutput);

    // One line buffer and writer per thread, reset for each line: a written line allocates nothing once warm.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _lineBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _lineWriter;

    private readonly Stream _sink;
    private readonly AuthorizerLogLevel _minimum;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public DecisionLog(Stream sink, AuthorizerLogLevel minimum, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        _sink = sink;
        _minimum = minimum;
        _time = time;
    }

    /// <summary>Writes to the process's standard output.</summary>
    public static DecisionLog ToStandardOutput(AuthorizerLogLevel minimum, TimeProvider time) =>
        new(StandardOutput.Value, minimum, time);

    public bool IsEnabled(AuthorizerLogLevel level) => _minimum != AuthorizerLogLevel.None && level >= _minimum;

    public void Write(in DecisionLogEntry entry)
    {
        if (!IsEnabled(entry.Level))
        {
            return;
        }

        var buffer = _lineBuffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = _lineWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("timestamp", _time.GetUtcNow().UtcDateTime);
        writer.WriteString("level", LevelName(entry.Level));
        writer.WriteString("message", entry.Message);
        WriteIfSet(writer, "outcome", entry.Outcome);
        WriteIfSet(writer, "reason", entry.Reason);
        WriteIfSet(writer, "scheme", entry.Scheme);
        WriteIfSet(writer, "appId", entry.AppId);
        WriteIfSet(writer, "apiId", entry.ApiId);
        WriteIfSet(writer, "stage", entry.Stage);
        WriteIfSet(writer, "eventKind", entry.EventKind);
        WriteIfSet(writer, "requestId", entry.RequestId);
        WriteIfSet(writer, "errorType", entry.ErrorType);
        writer.WriteNumber("latencyUs", entry.LatencyMicroseconds);
        writer.WriteEndObject();
        writer.Flush();

        buffer.Write("\n"u8);
        lock (_gate)
        {
            try
            {
                _sink.Write(buffer.WrittenSpan);
            }
            catch (IOException)
            {
                // A closed or full stdout must not turn a decision into a failed invocation.
            }
            catch (ObjectDisposedException)
            {
                // Same: logging is best effort.
            }
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static string LevelName(AuthorizerLogLevel level) => level switch
    {
        AuthorizerLogLevel.Debug => "Debug",
        AuthorizerLogLevel.Information => "Information",
        AuthorizerLogLevel.Warning => "Warning",
        _ => "Error",
    };
}

/// <summary>The fields of one decision line; see <see cref="DecisionLog"/> for what may go in them.</summary>
public readonly record struct DecisionLogEntry
{
    public AuthorizerLogLevel Level { get; init; }
    public string Message { get; init; }
    public string? Outcome { get; init; }
    public string? Reason { get; init; }
    public string? Scheme { get; init; }
    public string? AppId { get; init; }
    public string? ApiId { get; init; }
    public string? Stage { get; init; }
    public string? EventKind { get; init; }
    public string? RequestId { get; init; }
    public string? ErrorType { get; init; }
    public long LatencyMicroseconds { get; init; }
}
