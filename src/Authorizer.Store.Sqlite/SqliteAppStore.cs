using System.Text.Json;
using Authorizer.Core.Model;
using Authorizer.Core.Store;
using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Sqlite;

/// <summary>
/// The embedded store (the local default). One pooled connection per call, WAL journal, write transactions
/// begun IMMEDIATE so concurrent writers queue on the busy timeout instead of failing on lock upgrade.
/// </summary>
public sealed class SqliteAppStore : IAppStore, IDisposable
{
    private const char KeySeparator = '\u001f';
    private const int UniqueViolation = 2067;
    private const int PrimaryKeyViolation = 1555;
    private const int ForeignKeyViolation = 787;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private int _disposed;

    public SqliteAppStore(string databasePath, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        var full = Path.GetFullPath(databasePath);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = SqliteSchema.Create;
        command.ExecuteNonQuery();
    }

    public async Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return await ReadBodyAsync(connection, "SELECT body FROM apps WHERE app_id = $id", appId, SqliteJson.Default.AppRecord, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return await ReadBodyAsync(connection, "SELECT body FROM apps WHERE app_key = $id", appKey, SqliteJson.Default.AppRecord, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT code_id, app_id, code_hash, last4, created_at FROM app_codes WHERE code_hash = $hash";
        command.Parameters.AddWithValue("$hash", codeHash);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadCode(reader) : null;
    }

    public async Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return await ReadBodyAsync(connection, "SELECT body FROM api_settings WHERE api_id = $id", apiId, SqliteJson.Default.ApiSettings, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM authorizations WHERE app_id = $id AND (expires_at IS NULL OR expires_at > $now) ORDER BY auth_id";
        command.Parameters.AddWithValue("$id", appId);
        command.Parameters.AddWithValue("$now", NowMs());
        var result = new List<AppAuthorization>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Deserialize(reader.GetString(0), SqliteJson.Default.AppAuthorization));
        }

        return result;
    }

    public async Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appKey);
        ArgumentNullException.ThrowIfNull(nonce);
        var now = NowMs();
        using var connection = Open();
        int changed;
        using (var command = connection.CreateCommand())
        {
            // One statement: insert, or take over a row whose previous use has expired. SQLite runs it under the
            // database write lock, so concurrent callers with one nonce see exactly one change.
            command.CommandText = """
                INSERT INTO nonces (app_key, nonce, expires_at) VALUES ($key, $nonce, $exp)
                ON CONFLICT (app_key, nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at <= $now
                """;
            command.Parameters.AddWithValue("$key", appKey);
            command.Parameters.AddWithValue("$nonce", nonce);
            command.Parameters.AddWithValue("$exp", expiresAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$now", now);
            changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed == 1)
        {
            // Expired rows are ignored on read; a few are swept per write so the table stays bounded.
            using var sweep = connection.CreateCommand();
            sweep.CommandText = "DELETE FROM nonces WHERE rowid IN (SELECT rowid FROM nonces WHERE expires_at <= $now LIMIT 16)";
            sweep.Parameters.AddWithValue("$now", now);
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return changed == 1;
    }

    public async Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM revoked_tokens WHERE jti = $jti AND expires_at > $now";
        command.Parameters.AddWithValue("$jti", jti);
        command.Parameters.AddWithValue("$now", NowMs());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var now = NowMs();
        using var connection = Open();
        long count;
        using (var command = connection.CreateCommand())
        {
            // One statement under the write lock: concurrent adds from several processes each see their own count.
            command.CommandText = """
                INSERT INTO failure_counts (counter, count, expires_at) VALUES ($counter, 1, $exp)
                ON CONFLICT (counter) DO UPDATE SET
                    count = CASE WHEN failure_counts.expires_at <= $now THEN 1 ELSE failure_counts.count + 1 END,
                    expires_at = CASE WHEN failure_counts.expires_at <= $now THEN excluded.expires_at ELSE failure_counts.expires_at END
                RETURNING count
                """;
            command.Parameters.AddWithValue("$counter", counter);
            command.Parameters.AddWithValue("$exp", expiresAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$now", now);
            count = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (count == 1)
        {
            // Expired counters are ignored on read; a few are swept when a counter starts so the table stays bounded.
            using var sweep = connection.CreateCommand();
            sweep.CommandText = "DELETE FROM failure_counts WHERE rowid IN (SELECT rowid FROM failure_counts WHERE expires_at <= $now LIMIT 16)";
            sweep.Parameters.AddWithValue("$now", now);
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    public async Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count FROM failure_counts WHERE counter = $counter AND expires_at > $now";
        command.Parameters.AddWithValue("$counter", counter);
        command.Parameters.AddWithValue("$now", NowMs());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long count ? count : 0;
    }

    public async Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(codes);
        foreach (var code in codes)
        {
            if (!string.Equals(code.AppId, app.AppId, StringComparison.Ordinal))
            {
                throw new ArgumentException("Every AppCode must belong to the app being created.", nameof(codes));
            }
        }

        using var connection = Open();
        using var tx = connection.BeginTransaction(deferred: false);
        try
        {
            using (var command = connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = "INSERT INTO apps (app_id, app_key, version, body) VALUES ($id, $key, $version, $body)";
                command.Parameters.AddWithValue("$id", app.AppId);
                command.Parameters.AddWithValue("$key", app.AppKey);
                command.Parameters.AddWithValue("$version", app.Version);
                command.Parameters.AddWithValue("$body", JsonSerializer.Serialize(app, SqliteJson.Default.AppRecord));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var code in codes)
            {
                await InsertCodeAsync(connection, tx, code, cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (IsConstraint(ex))
        {
            throw new StoreConflictException("An app with this id or AppKey, or one of the AppCodes, already exists.", ex);
        }
    }

    public async Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var after = PageToken.Decode(nextToken);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT app_id, body FROM apps WHERE ($after IS NULL OR app_id > $after) ORDER BY app_id LIMIT $take";
        command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("$take", limit + 1);
        return await ReadPageAsync(command, limit, r => r.GetString(0), r => Deserialize(r.GetString(1), SqliteJson.Default.AppRecord), cancellationToken).ConfigureAwait(false);
    }

    public async Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var updated = app with { Version = expectedVersion + 1, UpdatedAt = _time.GetUtcNow() };
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE apps SET app_key = $key, version = $version, body = $body WHERE app_id = $id AND version = $expected";
        command.Parameters.AddWithValue("$id", app.AppId);
        command.Parameters.AddWithValue("$key", app.AppKey);
        command.Parameters.AddWithValue("$version", updated.Version);
        command.Parameters.AddWithValue("$expected", expectedVersion);
        command.Parameters.AddWithValue("$body", JsonSerializer.Serialize(updated, SqliteJson.Default.AppRecord));
        int changed;
        try
        {
            changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (IsConstraint(ex))
        {
            throw new StoreConflictException("Another app already uses this AppKey.", ex);
        }

        return changed == 1 ? updated : throw new StoreConflictException("The app does not exist or was changed since it was read.");
    }

    public async Task<bool> DeleteAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        // Codes and authorizations go with it through ON DELETE CASCADE, in the same statement.
        return await DeleteOneAsync("DELETE FROM apps WHERE app_id = $a", appId, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task AddAppCodeAsync(AppCodeRecord code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        using var connection = Open();
        try
        {
            await InsertCodeAsync(connection, null, code, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (IsConstraint(ex))
        {
            throw new StoreConflictException("The app does not exist, or the AppCode or its id is already in use.", ex);
        }
    }

    public async Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT code_id, app_id, code_hash, last4, created_at FROM app_codes WHERE app_id = $id ORDER BY code_id";
        command.Parameters.AddWithValue("$id", appId);
        var result = new List<AppCodeRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadCode(reader));
        }

        return result;
    }

    public async Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default)
    {
        return await DeleteOneAsync("DELETE FROM app_codes WHERE app_id = $a AND code_id = $b", appId, codeId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var connection = Open();
        using var tx = connection.BeginTransaction(deferred: false);
        long? current;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = "SELECT version FROM api_settings WHERE api_id = $id";
            read.Parameters.AddWithValue("$id", settings.ApiId);
            current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long v ? v : null;
        }

        // An expected version of 0 means "only if it does not exist yet".
        if (expectedVersion is { } expected && expected != (current ?? 0))
        {
            throw new StoreConflictException("The API settings were changed since they were read.");
        }

        var stored = settings with { Version = (current ?? 0) + 1 };
        using (var write = connection.CreateCommand())
        {
            write.Transaction = tx;
            write.CommandText = """
                INSERT INTO api_settings (api_id, version, body) VALUES ($id, $version, $body)
                ON CONFLICT (api_id) DO UPDATE SET version = excluded.version, body = excluded.body
                """;
            write.Parameters.AddWithValue("$id", stored.ApiId);
            write.Parameters.AddWithValue("$version", stored.Version);
            write.Parameters.AddWithValue("$body", JsonSerializer.Serialize(stored, SqliteJson.Default.ApiSettings));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var after = PageToken.Decode(nextToken);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT api_id, body FROM api_settings WHERE ($after IS NULL OR api_id > $after) ORDER BY api_id LIMIT $take";
        command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("$take", limit + 1);
        return await ReadPageAsync(command, limit, r => r.GetString(0), r => Deserialize(r.GetString(1), SqliteJson.Default.ApiSettings), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        return await DeleteOneAsync("DELETE FROM api_settings WHERE api_id = $a", apiId, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO authorizations (app_id, auth_id, api_id, expires_at, body) VALUES ($app, $auth, $api, $exp, $body)
            ON CONFLICT (app_id, auth_id) DO UPDATE SET api_id = excluded.api_id, expires_at = excluded.expires_at, body = excluded.body
            """;
        command.Parameters.AddWithValue("$app", authorization.AppId);
        command.Parameters.AddWithValue("$auth", authorization.AuthId);
        command.Parameters.AddWithValue("$api", authorization.ApiId);
        command.Parameters.AddWithValue("$exp", (object?)authorization.ExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$body", JsonSerializer.Serialize(authorization, SqliteJson.Default.AppAuthorization));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (IsConstraint(ex))
        {
            throw new StoreConflictException("The app of this authorization does not exist.", ex);
        }
    }

    public async Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var after = PageToken.Decode(nextToken);
        string? afterApp = null, afterAuth = null;
        if (after is not null)
        {
            var parts = after.Split(KeySeparator);
            if (parts.Length != 2)
            {
                throw new ArgumentException("The nextToken is not a token this listing issued.", nameof(nextToken));
            }

            (afterApp, afterAuth) = (parts[0], parts[1]);
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT app_id, auth_id, body FROM authorizations
            WHERE api_id = $api AND (expires_at IS NULL OR expires_at > $now)
              AND ($afterApp IS NULL OR (app_id, auth_id) > ($afterApp, $afterAuth))
            ORDER BY app_id, auth_id LIMIT $take
            """;
        command.Parameters.AddWithValue("$api", apiId);
        command.Parameters.AddWithValue("$now", NowMs());
        command.Parameters.AddWithValue("$afterApp", (object?)afterApp ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterAuth", (object?)afterAuth ?? DBNull.Value);
        command.Parameters.AddWithValue("$take", limit + 1);
        return await ReadPageAsync(
            command,
            limit,
            r => r.GetString(0) + KeySeparator + r.GetString(1),
            r => Deserialize(r.GetString(2), SqliteJson.Default.AppAuthorization),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAuthorizationAsync(string appId, string authId, CancellationToken cancellationToken = default)
    {
        return await DeleteOneAsync("DELETE FROM authorizations WHERE app_id = $a AND auth_id = $b", appId, authId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a DELETE keyed by <c>$a</c> (and <c>$b</c> when given); true when it removed exactly one row.</summary>
    private async Task<bool> DeleteOneAsync(string sql, string a, string? b, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        if (b is not null)
        {
            command.Parameters.AddWithValue("$b", b);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jti);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO revoked_tokens (jti, expires_at) VALUES ($jti, $exp)
            ON CONFLICT (jti) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)
            """;
        command.Parameters.AddWithValue("$jti", jti);
        command.Parameters.AddWithValue("$exp", expiresAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Pooled connections keep the file open; release them so the database can be moved or deleted.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static async Task InsertCodeAsync(SqliteConnection connection, SqliteTransaction? tx, AppCodeRecord code, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO app_codes (code_hash, app_id, code_id, last4, created_at) VALUES ($hash, $app, $code, $last4, $created)";
        command.Parameters.AddWithValue("$hash", code.CodeHash);
        command.Parameters.AddWithValue("$app", code.AppId);
        command.Parameters.AddWithValue("$code", code.CodeId);
        command.Parameters.AddWithValue("$last4", code.Last4);
        command.Parameters.AddWithValue("$created", code.CreatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static AppCodeRecord ReadCode(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));

    private static async Task<T?> ReadBodyAsync<T>(SqliteConnection connection, string sql, string id, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string body ? Deserialize(body, type) : null;
    }

    private static async Task<Page<T>> ReadPageAsync<T>(SqliteCommand command, int limit, Func<SqliteDataReader, string> key, Func<SqliteDataReader, T> item, CancellationToken cancellationToken)
    {
        var items = new List<T>(limit);
        string? lastKey = null;
        var more = false;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(item(reader));
            lastKey = key(reader);
        }

        return new Page<T>(items, more && lastKey is not null ? PageToken.Encode(lastKey) : null);
    }

    private static T Deserialize<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body, type) ?? throw new InvalidDataException("A stored row has an empty body.");

    private static bool IsConstraint(SqliteException ex) =>
        ex.SqliteExtendedErrorCode is UniqueViolation or PrimaryKeyViolation or ForeignKeyViolation || ex.SqliteErrorCode == 19;
}
