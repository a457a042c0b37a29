using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Authorizer.Core.Model;
using Authorizer.Core.Store;
using static Authorizer.Store.DynamoDb.DynamoKeys;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// <see cref="IAppStore"/> over one DynamoDB table (declared in template.yaml; item keys in <see cref="DynamoKeys"/>): point reads on the hot path,
/// TransactWriteItems for writes touching several items, a <c>version</c> attribute with condition expressions
/// for optimistic concurrency, a conditional put for nonces, and one GSI (<c>GSI1</c>) that lists apps, API
/// settings and the authorizations of an API. Items past <c>expiresAt</c> are ignored on read because TTL
/// deletion lags.
/// </summary>
public sealed partial class DynamoDbAppStore : IAppStore
{
    // A transaction holds at most 100 items; creating an app writes two per AppCode plus two.
    private const int MaxTransactionItems = 100;
    private const int MaxCodesPerCreate = (MaxTransactionItems - 2) / 2;

    // Each lost race means another add landed, and an app holds a handful of AppCodes, so few rounds are ever needed.
    private const int MaxGuardAttempts = 100;

    private readonly IAmazonDynamoDB _client;
    private readonly string _table;
    private readonly TimeProvider _time;
    private readonly DynamoRetry _retry;

    public DynamoDbAppStore(IAmazonDynamoDB client, string tableName, TimeProvider time)
        : this(client, tableName, time, DynamoRetry.Default)
    {
    }

    internal DynamoDbAppStore(IAmazonDynamoDB client, string tableName, TimeProvider time, DynamoRetry retry)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(retry);
        if (client is AmazonServiceClient { Config: { MaxErrorRetry: > 0 } or { MaxStaleConnectionRetries: > 0 } } sdk)
        {
            throw new ArgumentException(
                $"The DynamoDB client retries by itself (MaxErrorRetry {sdk.Config.MaxErrorRetry}, MaxStaleConnectionRetries {sdk.Config.MaxStaleConnectionRetries}); the store retries, so build it with DynamoDbClientFactory.",
                nameof(client));
        }

        _client = client;
        _table = tableName;
        _time = time;

        // Each attempt as a whole, the answer's body included, is bounded by twice the client's request timeout: the
        // SDK's own timeout (to the response headers) still ends what it can, and the client-side work before the
        // send (signing, a new client's first call on a loaded machine) does not eat the request's budget.
        _retry = retry.WithAttemptTimeout((client as AmazonServiceClient)?.Config.Timeout * 2);
    }

    public async Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(AppPk(appId), MetaSk, cancellationToken).ConfigureAwait(false);
        return item is null ? null : ReadBody(item, DynamoJson.Default.AppRecord);
    }

    public async Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        var mapping = await GetItemAsync(KeyPk(appKey), KeySk, cancellationToken).ConfigureAwait(false);
        if (mapping is null || !mapping.TryGetValue(AppId, out var appId) || appId.S is null)
        {
            return null;
        }

        var app = await GetAppAsync(appId.S, cancellationToken).ConfigureAwait(false);

        // The mapping and the app are written in one transaction; the check guards against reading between two.
        return app is not null && string.Equals(app.AppKey, appKey, StringComparison.Ordinal) ? app : null;
    }

    public async Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(CodeHashPk(codeHash), CodeHashSk, cancellationToken).ConfigureAwait(false);
        return item is null ? null : ReadCode(item);
    }

    public async Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(ApiPk(apiId), MetaSk, cancellationToken).ConfigureAwait(false);
        return item is null ? null : ReadBody(item, DynamoJson.Default.ApiSettings);
    }

    public async Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var items = await QueryPartitionAsync(AppPk(appId), AuthSkPrefix, cancellationToken).ConfigureAwait(false);
        return items.Select(i => ReadBody(i, DynamoJson.Default.AppAuthorization)).Where(a => a.IsActiveAt(now)).ToList();
    }

    public async Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var request = new PutItemRequest
        {
            TableName = _table,
            Item = new Dictionary<string, AttributeValue>
            {
                [Pk] = S(NoncePk(appKey, nonce)),
                [Sk] = S(NonceSk),
                [ExpiresAt] = N(EpochSeconds(expiresAt)),
            },
            ConditionExpression = "attribute_not_exists(#pk) OR #exp <= :now",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#exp"] = ExpiresAt },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = N(_time.GetUtcNow().ToUnixTimeSeconds()) },
        };
        try
        {
            await _retry.ExecuteAsync(ct => _client.PutItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(JtiPk(jti), RevokedSk, cancellationToken).ConfigureAwait(false);
        return item is not null;
    }

    public async Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var request = new UpdateItemRequest
        {
            TableName = _table,
            Key = Key(ThrottlePk(counter), FailuresSk),

            // ADD is atomic across containers; the expiry is set by the first add only.
            UpdateExpression = "ADD #count :one SET #exp = if_not_exists(#exp, :exp)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#count"] = Count, ["#exp"] = ExpiresAt },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":one"] = N(1), [":exp"] = N(EpochSeconds(expiresAt)) },
            ReturnValues = ReturnValue.UPDATED_NEW,
        };

        // A retry after a lost response may count one failure twice: that errs on the strict side.
        var response = await _retry.ExecuteAsync(ct => _client.UpdateItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
        return ReadCount(response.Attributes);
    }

    public async Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(ThrottlePk(counter), FailuresSk, cancellationToken).ConfigureAwait(false);
        return item is null ? 0 : ReadCount(item);
    }

    public async Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Count > MaxCodesPerCreate)
        {
            throw new ArgumentException($"At most {MaxCodesPerCreate} AppCodes can be created with an app.", nameof(codes));
        }

        var writes = new List<TransactWriteItem>
        {
            PutNew(AppItem(app)),
            PutNew(new Dictionary<string, AttributeValue> { [Pk] = S(KeyPk(app.AppKey)), [Sk] = S(KeySk), [AppId] = S(app.AppId) }),
        };
        foreach (var code in codes)
        {
            if (!string.Equals(code.AppId, app.AppId, StringComparison.Ordinal))
            {
                throw new ArgumentException("Every AppCode must belong to the app being created.", nameof(codes));
            }

            writes.Add(PutNew(CodeItem(code, CodeHashPk(code.CodeHash), CodeHashSk)));
            writes.Add(PutNew(CodeItem(code, AppPk(code.AppId), CodeSk(code.CodeId))));
        }

        await TransactAsync(writes, "An app with this id or AppKey, or one of the AppCodes, already exists.", cancellationToken).ConfigureAwait(false);
    }

    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        ListIndexAsync(AppsPartition, limit, nextToken, i => ReadBody(i, DynamoJson.Default.AppRecord), cancellationToken);

    public Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default) =>
        ReadVersionAsync(AdminGuardPk, AdminGuardSk, cancellationToken);

    public async Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var current = await GetAppAsync(app.AppId, cancellationToken).ConfigureAwait(false);
        if (current is null || current.Version != expectedVersion)
        {
            throw new StoreConflictException("The app does not exist or was changed since it was read.");
        }

        var updated = app with { Version = expectedVersion + 1, UpdatedAt = _time.GetUtcNow() };
        var put = new TransactWriteItem
        {
            Put = new Put
            {
                TableName = _table,
                Item = AppItem(updated),
                ConditionExpression = "#v = :expected",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#v"] = VersionAttr },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":expected"] = N(expectedVersion) },
            },
        };
        var writes = new List<TransactWriteItem> { put };
        if (!string.Equals(current.AppKey, updated.AppKey, StringComparison.Ordinal))
        {
            writes.Add(new TransactWriteItem
            {
                Delete = new Delete
                {
                    TableName = _table,
                    Key = Key(KeyPk(current.AppKey), KeySk),
                    ConditionExpression = "attribute_not_exists(#pk) OR #app = :app",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#app"] = AppId },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":app"] = S(app.AppId) },
                },
            });
            writes.Add(PutNew(new Dictionary<string, AttributeValue> { [Pk] = S(KeyPk(updated.AppKey)), [Sk] = S(KeySk), [AppId] = S(app.AppId) }));
        }

        await TransactAsync(writes, "The app was changed since it was read, or its new AppKey is taken.", cancellationToken, AddAdminGuard(writes, adminGuard))
            .ConfigureAwait(false);
        return updated;
    }

    public async Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        var items = await QueryPartitionAsync(AppPk(appId), null, cancellationToken).ConfigureAwait(false);
        var meta = items.FirstOrDefault(i => i[Sk].S == MetaSk);
        if (meta is null)
        {
            await DeleteLeftoversAsync(items, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var app = ReadBody(meta, DynamoJson.Default.AppRecord);

        // The app and its key mapping go first, atomically; after that no code or authorization can be added
        // (those writes check the app exists), so a second sweep of the partition catches anything raced in.
        var first = new List<TransactWriteItem>
        {
            new()
            {
                Delete = new Delete
                {
                    TableName = _table,
                    Key = Key(AppPk(appId), MetaSk),
                    ConditionExpression = condition is null ? "attribute_exists(#pk)" : "attribute_exists(#pk) AND #v = :v",
                    ExpressionAttributeNames = condition is null
                        ? new Dictionary<string, string> { ["#pk"] = Pk }
                        : new Dictionary<string, string> { ["#pk"] = Pk, ["#v"] = VersionAttr },
                    ExpressionAttributeValues = condition is { } c ? new Dictionary<string, AttributeValue> { [":v"] = N(c.AppVersion) } : null,
                },
            },
            new()
            {
                Delete = new Delete
                {
                    TableName = _table,
                    Key = Key(KeyPk(app.AppKey), KeySk),
                    ConditionExpression = "attribute_not_exists(#pk) OR #app = :app",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#app"] = AppId },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":app"] = S(appId) },
                },
            },
        };
        if (condition is { } expected && expected.AppVersion != app.Version)
        {
            throw new StoreConflictException("The app was changed since it was read.");
        }

        try
        {
            await TransactAsync(first, "The app was deleted concurrently.", cancellationToken, AddAdminGuard(first, condition?.AdminGuard)).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            // Gone already, or (under a condition) changed since it was read.
            if (condition is null || await GetAppAsync(appId, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            throw;
        }

        await DeleteLeftoversAsync(items.Where(i => i[Sk].S != MetaSk).ToList(), cancellationToken).ConfigureAwait(false);
        var raced = await QueryPartitionAsync(AppPk(appId), null, cancellationToken).ConfigureAwait(false);
        await DeleteLeftoversAsync(raced, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        for (var attempt = 1; ; attempt++)
        {
            var writes = new List<TransactWriteItem>
            {
                AppExists(code.AppId),
                PutNew(CodeItem(code, CodeHashPk(code.CodeHash), CodeHashSk)),
                PutNew(CodeItem(code, AppPk(code.AppId), CodeSk(code.CodeId))),
            };
            var guardIndex = -1;
            if (maxCodes is { } max)
            {
                // A count cannot be a condition, so adds under a limit go through a guard item in the app's partition:
                // read it, count, and land only while it is unmoved. Deletes only lower the count and leave it alone.
                var guard = await ReadVersionAsync(AppPk(code.AppId), CodeSetSk, cancellationToken).ConfigureAwait(false);
                var count = (await QueryPartitionAsync(AppPk(code.AppId), CodeSkPrefix, cancellationToken).ConfigureAwait(false)).Count;
                if (count >= max)
                {
                    throw new AppCodeLimitException();
                }

                guardIndex = AddGuard(writes, AppPk(code.AppId), CodeSetSk, guard);
            }

            try
            {
                await TransactAsync(writes, "The app does not exist, or the AppCode or its id is already in use.", cancellationToken, guardIndex).ConfigureAwait(false);
                return;
            }
            catch (GuardMovedException) when (attempt < MaxGuardAttempts)
            {
                // Another add landed since the count: count again.
            }
        }
    }

    public async Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default)
    {
        var items = await QueryPartitionAsync(AppPk(appId), CodeSkPrefix, cancellationToken).ConfigureAwait(false);
        return items.Select(ReadCode).ToList();
    }

    public async Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default)
    {
        var listed = await GetItemAsync(AppPk(appId), CodeSk(codeId), cancellationToken).ConfigureAwait(false);
        if (listed is null)
        {
            return false;
        }

        var code = ReadCode(listed);
        var writes = new List<TransactWriteItem>
        {
            new()
            {
                Delete = new Delete
                {
                    TableName = _table,
                    Key = Key(AppPk(appId), CodeSk(codeId)),
                    ConditionExpression = "attribute_exists(#pk)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk },
                },
            },
            new() { Delete = new Delete { TableName = _table, Key = Key(CodeHashPk(code.CodeHash), CodeHashSk) } },
        };
        try
        {
            await TransactAsync(writes, "The AppCode was deleted concurrently.", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }

    public async Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Without an expected version the write is last-writer-wins, retried over a concurrent writer.
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetApiSettingsAsync(settings.ApiId, cancellationToken).ConfigureAwait(false);
            var currentVersion = current?.Version ?? 0;

            // An expected version of 0 means "only if it does not exist yet".
            if (expectedVersion is { } expected && expected != currentVersion)
            {
                throw new StoreConflictException("The API settings were changed since they were read.");
            }

            var stored = settings with { Version = currentVersion + 1 };
            var item = new Dictionary<string, AttributeValue>
            {
                [Pk] = S(ApiPk(settings.ApiId)),
                [Sk] = S(MetaSk),
                [Gsi1Pk] = S(ApisPartition),
                [Gsi1Sk] = S(Escape(settings.ApiId)),
                [VersionAttr] = N(stored.Version),
                [Body] = S(JsonSerializer.Serialize(stored, DynamoJson.Default.ApiSettings)),
            };
            var request = new PutItemRequest
            {
                TableName = _table,
                Item = item,
                ConditionExpression = current is null ? "attribute_not_exists(#pk)" : "#v = :current",
                ExpressionAttributeNames = current is null
                    ? new Dictionary<string, string> { ["#pk"] = Pk }
                    : new Dictionary<string, string> { ["#v"] = VersionAttr },
                ExpressionAttributeValues = current is null ? null : new Dictionary<string, AttributeValue> { [":current"] = N(currentVersion) },
            };
            try
            {
                await _retry.ExecuteAsync(ct => _client.PutItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
                return stored;
            }
            catch (ConditionalCheckFailedException ex) when (expectedVersion is not null || attempt >= 4)
            {
                throw new StoreConflictException("The API settings were changed since they were read.", ex);
            }
            catch (ConditionalCheckFailedException)
            {
                // Lost a race without an expected version: read again and write over the winner.
            }
        }
    }

    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        ListIndexAsync(ApisPartition, limit, nextToken, i => ReadBody(i, DynamoJson.Default.ApiSettings), cancellationToken);

    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        DeleteItemAsync(ApiPk(apiId), MetaSk, cancellationToken);

    public async Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(AppPk(authorization.AppId)),
            [Sk] = S(AuthSk(authorization.AuthId)),
            [Gsi1Pk] = S(AuthApiPartition(authorization.ApiId)),
            [Gsi1Sk] = S(AuthApiSort(authorization.AppId, authorization.AuthId)),
            [Body] = S(JsonSerializer.Serialize(authorization, DynamoJson.Default.AppAuthorization)),
        };
        if (authorization.ExpiresAt is { } expires)
        {
            item[ExpiresAt] = N(EpochSeconds(expires));
        }

        var writes = new List<TransactWriteItem>
        {
            AppExists(authorization.AppId),
            new() { Put = new Put { TableName = _table, Item = item } },
        };
        await TransactAsync(writes, "The app of this authorization does not exist.", cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var partition = AuthApiPartition(apiId);
        var start = DynamoPageToken.Decode(nextToken, partition);
        var now = _time.GetUtcNow();
        var result = new List<AppAuthorization>(limit);
        Dictionary<string, AttributeValue>? lastKept = null;
        while (true)
        {
            var response = await QueryIndexAsync(partition, limit, start, cancellationToken).ConfigureAwait(false);
            var items = response.Items ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                var authorization = ReadBody(items[i], DynamoJson.Default.AppAuthorization);
                if (!authorization.IsActiveAt(now))
                {
                    continue;
                }

                result.Add(authorization);
                lastKept = items[i];
                if (result.Count == limit)
                {
                    var more = i < items.Count - 1 || response.LastEvaluatedKey is { Count: > 0 };
                    return new Page<AppAuthorization>(result, more ? DynamoPageToken.Encode(lastKept) : null);
                }
            }

            if (response.LastEvaluatedKey is not { Count: > 0 })
            {
                return new Page<AppAuthorization>(result, null);
            }

            start = response.LastEvaluatedKey;
        }
    }

    public async Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        if (condition is not { } c)
        {
            return await DeleteItemAsync(AppPk(appId), AuthSk(authId), cancellationToken).ConfigureAwait(false);
        }

        var app = await GetItemAsync(AppPk(appId), MetaSk, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return await DeleteItemAsync(AppPk(appId), AuthSk(authId), cancellationToken).ConfigureAwait(false);
        }

        if (ReadBody(app, DynamoJson.Default.AppRecord).Version != c.AppVersion)
        {
            throw new StoreConflictException("The app was changed since it was read.");
        }

        var writes = new List<TransactWriteItem>
        {
            new()
            {
                Delete = new Delete
                {
                    TableName = _table,
                    Key = Key(AppPk(appId), AuthSk(authId)),
                    ConditionExpression = "attribute_exists(#pk) AND (attribute_not_exists(#exp) OR #exp > :now)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#exp"] = ExpiresAt },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = N(_time.GetUtcNow().ToUnixTimeSeconds()) },
                },
            },

            // The app item written back as read, only while its version holds: the grant goes only while the app is as
            // the last-admin check read it (a ConditionCheck would say the same).
            new()
            {
                Put = new Put
                {
                    TableName = _table,
                    Item = app,
                    ConditionExpression = "#v = :v",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#v"] = VersionAttr },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = N(c.AppVersion) },
                },
            },
        };
        try
        {
            await TransactAsync(writes, "The app was changed since it was read.", cancellationToken, AddAdminGuard(writes, c.AdminGuard)).ConfigureAwait(false);
            return true;
        }
        catch (StoreConflictException ex) when (ex.InnerException is TransactionCanceledException { CancellationReasons: { Count: > 0 } reasons }
            && reasons[0].Code == "ConditionalCheckFailed")
        {
            // The authorization was absent or expired.
            return false;
        }
    }

    public async Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var request = new PutItemRequest
        {
            TableName = _table,
            Item = new Dictionary<string, AttributeValue>
            {
                [Pk] = S(JtiPk(jti)),
                [Sk] = S(RevokedSk),
                [ExpiresAt] = N(EpochSeconds(expiresAt)),
            },

            // Never shorten an existing revocation.
            ConditionExpression = "attribute_not_exists(#pk) OR #exp < :exp",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#exp"] = ExpiresAt },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":exp"] = N(EpochSeconds(expiresAt)) },
        };
        try
        {
            await _retry.ExecuteAsync(ct => _client.PutItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already revoked for at least as long.
        }
    }

    /// <summary>A guard item's version, 0 when it does not exist yet.</summary>
    private async Task<long> ReadVersionAsync(string pk, string sk, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(pk, sk, cancellationToken).ConfigureAwait(false);
        return item is not null && item.TryGetValue(VersionAttr, out var v) && v.N is not null
            ? long.Parse(v.N, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : 0;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string pk, string sk, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest { TableName = _table, Key = Key(pk, sk), ConsistentRead = true };
        var response = await _retry.ExecuteAsync(ct => _client.GetItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
        var item = response.Item;
        if (item is not { Count: > 0 })
        {
            return null;
        }

        return IsExpired(item) ? null : item;
    }

    private static long ReadCount(Dictionary<string, AttributeValue>? item) =>
        item is not null && item.TryGetValue(Count, out var count) && count.N is not null
            ? long.Parse(count.N, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : 0;

    private bool IsExpired(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(ExpiresAt, out var exp) && exp.N is not null
        && long.Parse(exp.N, NumberStyles.Integer, CultureInfo.InvariantCulture) <= _time.GetUtcNow().ToUnixTimeSeconds();

    private async Task<bool> DeleteItemAsync(string pk, string sk, CancellationToken cancellationToken)
    {
        // Conditioned on existence, so of concurrent deletes exactly one answers true: the old attributes alone are
        // not enough (DynamoDB Local hands them to several concurrent deletes of one item).
        var request = new DeleteItemRequest
        {
            TableName = _table,
            Key = Key(pk, sk),
            ReturnValues = ReturnValue.ALL_OLD,
            ConditionExpression = "attribute_exists(#pk)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk },
        };
        try
        {
            var response = await _retry.ExecuteAsync(ct => _client.DeleteItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
            return response.Attributes is { Count: > 0 } old && !IsExpired(old);
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task<List<Dictionary<string, AttributeValue>>> QueryPartitionAsync(string pk, string? skPrefix, CancellationToken cancellationToken)
    {
        var result = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = _table,
                ConsistentRead = true,
                KeyConditionExpression = skPrefix is null ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :prefix)",
                ExpressionAttributeNames = skPrefix is null
                    ? new Dictionary<string, string> { ["#pk"] = Pk }
                    : new Dictionary<string, string> { ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = skPrefix is null
                    ? new Dictionary<string, AttributeValue> { [":pk"] = S(pk) }
                    : new Dictionary<string, AttributeValue> { [":pk"] = S(pk), [":prefix"] = S(skPrefix) },
                ExclusiveStartKey = start,
            };
            var response = await _retry.ExecuteAsync(ct => _client.QueryAsync(request, ct), cancellationToken).ConfigureAwait(false);
            result.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return result;
    }

    private async Task<Page<T>> ListIndexAsync<T>(string partition, int limit, string? nextToken, Func<Dictionary<string, AttributeValue>, T> read, CancellationToken cancellationToken)
    {
        PageToken.ValidateLimit(limit);
        var start = DynamoPageToken.Decode(nextToken, partition);
        var response = await QueryIndexAsync(partition, limit, start, cancellationToken).ConfigureAwait(false);
        var items = (response.Items ?? []).Select(read).ToList();
        var next = response.LastEvaluatedKey is { Count: > 0 } last ? DynamoPageToken.Encode(last) : null;
        return new Page<T>(items, next);
    }

    private Task<QueryResponse> QueryIndexAsync(string partition, int limit, Dictionary<string, AttributeValue>? start, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = _table,
            IndexName = Gsi1,
            KeyConditionExpression = "#gpk = :gpk",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#gpk"] = Gsi1Pk },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":gpk"] = S(partition) },
            ExclusiveStartKey = start,
            Limit = limit,
        };
        return _retry.ExecuteAsync(ct => _client.QueryAsync(request, ct), cancellationToken);
    }

    private async Task DeleteLeftoversAsync(List<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        var deletes = new List<TransactWriteItem>();
        foreach (var item in items)
        {
            deletes.Add(new TransactWriteItem { Delete = new Delete { TableName = _table, Key = Key(item[Pk].S, item[Sk].S) } });
            if (item[Sk].S.StartsWith(CodeSkPrefix, StringComparison.Ordinal) && item.TryGetValue(CodeHash, out var hash))
            {
                // Only the hash mapping that still points at this app.
                deletes.Add(new TransactWriteItem
                {
                    Delete = new Delete
                    {
                        TableName = _table,
                        Key = Key(CodeHashPk(hash.S), CodeHashSk),
                        ConditionExpression = "attribute_not_exists(#pk) OR #app = :app",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#app"] = AppId },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":app"] = item[AppId] },
                    },
                });
            }
        }

        foreach (var chunk in deletes.Chunk(MaxTransactionItems - 1))
        {
            await TransactAsync([.. chunk], "A cascading delete met a concurrent change.", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <param name="guardIndex">The position of the admin guard's write in <paramref name="writes"/>, or -1.</param>
    private async Task TransactAsync(List<TransactWriteItem> writes, string conflictMessage, CancellationToken cancellationToken, int guardIndex = -1)
    {
        // One token per logical write, so a retried request that had already succeeded is not applied twice.
        var request = new TransactWriteItemsRequest { TransactItems = writes, ClientRequestToken = Guid.NewGuid().ToString("N") };
        try
        {
            await _retry.ExecuteAsync(ct => _client.TransactWriteItemsAsync(request, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionCanceledException ex) when (guardIndex >= 0 && ex.CancellationReasons is { } reasons && reasons.Count > guardIndex
            && reasons[guardIndex].Code is "ConditionalCheckFailed" or "TransactionConflict")
        {
            // Another guarded write moved the guard (or was moving it, past the retries): the caller decides again.
            throw writes[guardIndex].Put.Item[Pk].S == AdminGuardPk
                ? new AdminGuardConflictException("Another change to an admin app committed first.", ex)
                : new GuardMovedException(ex);
        }
        catch (TransactionCanceledException ex) when (ex.CancellationReasons?.Any(r => r.Code == "ConditionalCheckFailed") == true)
        {
            throw new StoreConflictException(conflictMessage, ex);
        }
    }

    /// <summary>
    /// Adds the admin guard's move from <paramref name="expected"/> to <paramref name="writes"/> (nothing when null) and
    /// answers its position. The guard is one Put with a condition on its version, so the policy's PutItem covers it.
    /// </summary>
    private int AddAdminGuard(List<TransactWriteItem> writes, long? expected) =>
        expected is { } e ? AddGuard(writes, AdminGuardPk, AdminGuardSk, e) : -1;

    /// <summary>Adds a guard item's move from <paramref name="expected"/> (0: absent) to <paramref name="writes"/>; answers its position.</summary>
    private int AddGuard(List<TransactWriteItem> writes, string pk, string sk, long expected)
    {
        writes.Add(new TransactWriteItem
        {
            Put = new Put
            {
                TableName = _table,
                Item = new Dictionary<string, AttributeValue> { [Pk] = S(pk), [Sk] = S(sk), [VersionAttr] = N(expected + 1) },
                ConditionExpression = expected == 0 ? "attribute_not_exists(#pk)" : "#v = :v",
                ExpressionAttributeNames = expected == 0 ? new Dictionary<string, string> { ["#pk"] = Pk } : new Dictionary<string, string> { ["#v"] = VersionAttr },
                ExpressionAttributeValues = expected == 0 ? null : new Dictionary<string, AttributeValue> { [":v"] = N(expected) },
            },
        });
        return writes.Count - 1;
    }

    private TransactWriteItem PutNew(Dictionary<string, AttributeValue> item) => new()
    {
        Put = new Put
        {
            TableName = _table,
            Item = item,
            ConditionExpression = "attribute_not_exists(#pk)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk },
        },
    };

    private TransactWriteItem AppExists(string appId) => new()
    {
        ConditionCheck = new ConditionCheck
        {
            TableName = _table,
            Key = Key(AppPk(appId), MetaSk),
            ConditionExpression = "attribute_exists(#pk)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk },
        },
    };

    private static Dictionary<string, AttributeValue> AppItem(AppRecord app) => new()
    {
        [Pk] = S(AppPk(app.AppId)),
        [Sk] = S(MetaSk),
        [Gsi1Pk] = S(AppsPartition),
        [Gsi1Sk] = S(Escape(app.AppId)),
        [AppKey] = S(app.AppKey),
        [VersionAttr] = N(app.Version),
        [Body] = S(JsonSerializer.Serialize(app, DynamoJson.Default.AppRecord)),
    };

    private static Dictionary<string, AttributeValue> CodeItem(AppCodeRecord code, string pk, string sk) => new()
    {
        [Pk] = S(pk),
        [Sk] = S(sk),
        [AppId] = S(code.AppId),
        [CodeId] = S(code.CodeId),
        [CodeHash] = S(code.CodeHash),
        [Last4] = S(code.Last4),
        [CreatedAt] = N(code.CreatedAt.ToUnixTimeMilliseconds()),
    };

    private static AppCodeRecord ReadCode(Dictionary<string, AttributeValue> item) => new(
        Required(item, CodeId),
        Required(item, AppId),
        Required(item, CodeHash),
        Required(item, Last4),
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item[CreatedAt].N, NumberStyles.Integer, CultureInfo.InvariantCulture)));

    private static string Required(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.S is not null
            ? value.S
            : throw new InvalidDataException($"A stored item lacks the '{name}' attribute.");

    private static T ReadBody<T>(Dictionary<string, AttributeValue> item, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(Required(item, Body), type) ?? throw new InvalidDataException("A stored item has an empty body.");
}
