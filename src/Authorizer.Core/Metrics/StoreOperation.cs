namespace Authorizer.Core.Metrics;

/// <summary>The store calls the authorizer makes; each one's latency is reported under its own dimension.</summary>
public enum StoreOperation
{
    GetApp,
    GetAppByKey,
    GetAppCodeByHash,
    GetApiSettings,
    GetAuthorizations,
    RecordNonce,
    IsTokenRevoked,
    AddFailure,
    GetFailureCount,
}
