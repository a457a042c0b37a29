namespace Authorizer.Core.Model;

/// <summary>An AppCode as stored: its SHA-256 (lower-case hex) and the last four characters for display.</summary>
public sealed record AppCodeRecord(string CodeId, string AppId, string CodeHash, string Last4, DateTimeOffset CreatedAt);
