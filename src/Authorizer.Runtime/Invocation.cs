namespace Authorizer.Runtime;

/// <summary>One event handed out by the Runtime API's <c>invocation/next</c>.</summary>
internal sealed record Invocation(string RequestId, DateTimeOffset Deadline, byte[] Event, string? TraceId);
