namespace Authorizer.Core.Model;

/// <summary>One page of a listing; <see cref="NextToken"/> is opaque to callers and null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);
