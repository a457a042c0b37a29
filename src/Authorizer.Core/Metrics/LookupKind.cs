namespace Authorizer.Core.Metrics;

/// <summary>The hot-path directory reads that a cache may answer; one counter pair per kind.</summary>
public enum LookupKind
{
    AppByKey,
    AppById,
    AppCode,
    ApiSettings,
    Authorizations,
}
