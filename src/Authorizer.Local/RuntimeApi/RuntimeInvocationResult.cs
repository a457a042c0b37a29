namespace Authorizer.Local.RuntimeApi;

/// <summary>What a runtime answered for one event: the response payload, or an error (<see cref="ErrorType"/> set).</summary>
public sealed record RuntimeInvocationResult(string RequestId, bool IsError, byte[] Payload, string? ErrorType);
