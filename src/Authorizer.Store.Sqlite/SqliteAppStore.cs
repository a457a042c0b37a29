using System.Text.Json;
using Authorizer.Core.Model;
using Authorizer.Core.Store;
using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Sqlite;

/// <summary>
/// The embedded store (the local default), WAL journal. Reads take a pooled connection each and never wait for the
/// writer; every write goes through the one <see cref="SqliteWriter"/>. A database fault (file unreadable,
/// overwritten, corrupt) fails the call and drops the connections that saw it, so the store serves again as soon
/// as the file is back, without a restart. Expired rows are swept by <see cref="SqliteSweeper"/>.
/// </summary>
public sealed class SqliteAppStore : IAppStore, IDisposable
{
    private const char KeySeparator = '\u001f';

    /// <summary>Expired nonces deleted per nonce written: more than one, so the table shrinks back after a burst.</summary>
    private const int NonceSweepPerWrite = 2;

    /// <summary>How long a write waits for another process that holds the database's write lock.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(1);

    private const int CantOpen = 14;

    private readonly string _path;
    private readonly string _readConnectionString;
    private readonly TimeProvider _time;
    private readonly SqliteWriter _writer;
    private readonly SqliteCheckpointer _checkpointer;
    private readonly SqliteSweeper _sweeper = new();
    private int _disposed;

    public SqliteAppStore(string databasePath, TimeProvider time)
        : this(databasePath, time, DefaultBusyTimeout)
    {
    }

    public SqliteAppStore(string databasePath, TimeProvider time, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(busyTimeout, TimeSpan.Zero);
        _time = time;
        var full = Path.GetFullPath(databasePath);
        _path = full;
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        // Microsoft.Data.Sqlite's command timeout is whole seconds; the writer's busy_timeout carries the exact value.
        var commandTimeoutSeconds = (int)Math.Ceiling(busyTimeout.TotalSeconds);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = false,
            DefaultTimeout = commandTimeoutSeconds,
        };
        using (var connection = new SqliteConnection(builder.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Create;
            command.ExecuteNonQuery();
        }

        // After creation the file must exist: a missing database is a fault, never a fresh empty one.
        builder.Mode = SqliteOpenMode.ReadWrite;
        var writeConnectionString = builder.ToString();
        builder.Pooling = true;
        _readConnectionString = builder.ToString();
        _checkpointer = SqliteCheckpointer.Acquire(writeConnectionString, full);
        _writer = new SqliteWriter(
            writeConnectionString, (int)Math.Ceiling(busyTimeout.TotalMilliseconds), ClearReadPool, BeginNonceGroup, EndNonceGroup, _checkpointer.TakeWriterCheckpoint);
    }

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) =>
        ReadAsync(c => ReadBody(c, "SELECT body FROM apps WHERE app_id = $id", appId, SqliteJson.Default.AppRecord), cancellationToken);

    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) =>
        ReadAsync(c => ReadBody(c, "SELECT body FROM apps WHERE app_key = $id", appKey, SqliteJson.Default.AppRecord), cancellationToken);

    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) =>
        ReadAsync(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT code_id, app_id, code_hash, last4, created_at FROM app_codes WHERE code_hash = $hash";
                command.Parameters.AddWithValue("$hash", codeHash);
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadCode(reader) : null;
            },
            cancellationToken);

    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        ReadAsync(c => ReadBody(c, "SELECT body FROM api_settings WHERE api_id = $id", apiId, SqliteJson.Default.ApiSettings), cancellationToken);

    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        var now = NowMs();
        return ReadAsync<IReadOnlyList<AppAuthorization>>(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT body FROM authorizations WHERE app_id = $id AND (expires_at IS NULL OR expires_at > $now) ORDER BY auth_id";
                command.Parameters.AddWithValue("$id", appId);
                command.Parameters.AddWithValue("$now", now);
                var result = new List<AppAuthorization>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    result.Add(Deserialize(reader.GetString(0), SqliteJson.Default.AppAuthorization));
                }

                return result;
            },
            cancellationToken);
    }

    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appKey);
        ArgumentNullException.ThrowIfNull(nonce);
        var now = NowMs();
        var expires = expiresAt.ToUnixTimeMilliseconds();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _writer.WriteInGroupAsync(w => RecordNonce(w, appKey, nonce, expires, now), cancellationToken);
    }

    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default)
    {
        var now = NowMs();
        return ReadAsync(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT 1 FROM revoked_tokens WHERE jti = $jti AND expires_at > $now";
                command.Parameters.AddWithValue("$jti", jti);
                command.Parameters.AddWithValue("$now", now);
                return command.ExecuteScalar() is not null;
            },
            cancellationToken);
    }

    public Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var now = NowMs();
        return WriteAsync(
            w =>
            {
                // One statement on the single writer: concurrent adds from several processes each see their own count.
                var add = w.Command("""
                    INSERT INTO failure_counts (counter, count, expires_at) VALUES ($counter, 1, $exp)
                    ON CONFLICT (counter) DO UPDATE SET
                        count = CASE WHEN failure_counts.expires_at <= $now THEN 1 ELSE failure_counts.count + 1 END,
                        expires_at = CASE WHEN failure_counts.expires_at <= $now THEN excluded.expires_at ELSE failure_counts.expires_at END
                    RETURNING count
                    """);
                add.Parameters.AddWithValue("$counter", counter);
                add.Parameters.AddWithValue("$exp", expiresAt.ToUnixTimeMilliseconds());
                add.Parameters.AddWithValue("$now", now);
                var count = (long)add.ExecuteScalar()!;
                if (count == 1)
                {
                    // Expired counters are ignored on read; a few are swept when a counter starts so the table stays bounded.
                    var sweep = w.Command("DELETE FROM failure_counts WHERE rowid IN (SELECT rowid FROM failure_counts WHERE expires_at <= $now LIMIT 16)");
                    sweep.Parameters.AddWithValue("$now", now);
                    sweep.ExecuteNonQuery();
                }

                return count;
            },
            cancellationToken);
    }

    public Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var now = NowMs();
        return ReadAsync(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT count FROM failure_counts WHERE counter = $counter AND expires_at > $now";
                command.Parameters.AddWithValue("$counter", counter);
                command.Parameters.AddWithValue("$now", now);
                return command.ExecuteScalar() is long count ? count : 0;
            },
            cancellationToken);
    }

    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default)
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

        var body = JsonSerializer.Serialize(app, SqliteJson.Default.AppRecord);
        return WriteAsync(
            w =>
            {
                using var tx = w.BeginTransaction();
                try
                {
                    var command = w.Command("INSERT INTO apps (app_id, app_key, version, body) VALUES ($id, $key, $version, $body)", tx);
                    command.Parameters.AddWithValue("$id", app.AppId);
                    command.Parameters.AddWithValue("$key", app.AppKey);
                    command.Parameters.AddWithValue("$version", app.Version);
                    command.Parameters.AddWithValue("$body", body);
                    command.ExecuteNonQuery();
                    foreach (var code in codes)
                    {
                        InsertCode(w, tx, code);
                    }

                    tx.Commit();
                }
                catch (SqliteException ex) when (SqliteErrors.IsConstraint(ex))
                {
                    throw new StoreConflictException("An app with this id or AppKey, or one of the AppCodes, already exists.", ex);
                }

                return true;
            },
            cancellationToken);
    }

    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var after = PageToken.Decode(nextToken);
        return ReadAsync(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT app_id, body FROM apps WHERE ($after IS NULL OR app_id > $after) ORDER BY app_id LIMIT $take";
                command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
                command.Parameters.AddWithValue("$take", limit + 1);
                return ReadPage(command, limit, r => r.GetString(0), r => Deserialize(r.GetString(1), SqliteJson.Default.AppRecord));
            },
            cancellationToken);
    }

    public Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT version FROM admin_guard WHERE id = 0";
                return command.ExecuteScalar() is long version ? version : 0;
            },
            cancellationToken);

    public Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var updated = app with { Version = expectedVersion + 1, UpdatedAt = _time.GetUtcNow() };
        var body = JsonSerializer.Serialize(updated, SqliteJson.Default.AppRecord);
        return WriteAsync(
            w =>
            {
                using var tx = w.BeginTransaction();
                MoveAdminGuard(w, tx, adminGuard);
                var command = w.Command("UPDATE apps SET app_key = $key, version = $version, body = $body WHERE app_id = $id AND version = $expected", tx);
                command.Parameters.AddWithValue("$id", app.AppId);
                command.Parameters.AddWithValue("$key", app.AppKey);
                command.Parameters.AddWithValue("$version", updated.Version);
                command.Parameters.AddWithValue("$expected", expectedVersion);
                command.Parameters.AddWithValue("$body", body);
                int changed;
                try
                {
                    changed = command.ExecuteNonQuery();
                }
                catch (SqliteException ex) when (SqliteErrors.IsConstraint(ex))
                {
                    throw new StoreConflictException("Another app already uses this AppKey.", ex);
                }

                if (changed != 1)
                {
                    throw new StoreConflictException("The app does not exist or was changed since it was read.");
                }

                tx.Commit();
                return updated;
            },
            cancellationToken);
    }

    // Codes and authorizations go with it through ON DELETE CASCADE, in the same statement.
    public Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) =>
        DeleteGuardedAsync("DELETE FROM apps WHERE app_id = $a", appId, null, condition, cancellationToken);

    public Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        return WriteAsync(
            w =>
            {
                // The count and the insert in one transaction of the single writer: no other add lands in between.
                using var tx = w.BeginTransaction();
                if (maxCodes is { } max)
                {
                    var count = w.Command("SELECT count(*) FROM app_codes WHERE app_id = $app", tx);
                    count.Parameters.AddWithValue("$app", code.AppId);
                    if ((long)count.ExecuteScalar()! >= max)
                    {
                        throw new AppCodeLimitException();
                    }
                }

                try
                {
                    InsertCode(w, tx, code);
                }
                catch (SqliteException ex) when (SqliteErrors.IsConstraint(ex))
                {
                    throw new StoreConflictException("The app does not exist, or the AppCode or its id is already in use.", ex);
                }

                tx.Commit();
                return true;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<AppCodeRecord>>(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT code_id, app_id, code_hash, last4, created_at FROM app_codes WHERE app_id = $id ORDER BY code_id";
                command.Parameters.AddWithValue("$id", appId);
                var result = new List<AppCodeRecord>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    result.Add(ReadCode(reader));
                }

                return result;
            },
            cancellationToken);

    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) =>
        DeleteOneAsync("DELETE FROM app_codes WHERE app_id = $a AND code_id = $b", appId, codeId, cancellationToken);

    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WriteAsync(
            w =>
            {
                using var tx = w.BeginTransaction();
                var read = w.Command("SELECT version FROM api_settings WHERE api_id = $id", tx);
                read.Parameters.AddWithValue("$id", settings.ApiId);
                long? current = read.ExecuteScalar() is long v ? v : null;

                // An expected version of 0 means "only if it does not exist yet".
                if (expectedVersion is { } expected && expected != (current ?? 0))
                {
                    throw new StoreConflictException("The API settings were changed since they were read.");
                }

                var stored = settings with { Version = (current ?? 0) + 1 };
                var write = w.Command(
                    """
                    INSERT INTO api_settings (api_id, version, body) VALUES ($id, $version, $body)
                    ON CONFLICT (api_id) DO UPDATE SET version = excluded.version, body = excluded.body
                    """,
                    tx);
                write.Parameters.AddWithValue("$id", stored.ApiId);
                write.Parameters.AddWithValue("$version", stored.Version);
                write.Parameters.AddWithValue("$body", JsonSerializer.Serialize(stored, SqliteJson.Default.ApiSettings));
                write.ExecuteNonQuery();
                tx.Commit();
                return stored;
            },
            cancellationToken);
    }

    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var after = PageToken.Decode(nextToken);
        return ReadAsync(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT api_id, body FROM api_settings WHERE ($after IS NULL OR api_id > $after) ORDER BY api_id LIMIT $take";
                command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
                command.Parameters.AddWithValue("$take", limit + 1);
                return ReadPage(command, limit, r => r.GetString(0), r => Deserialize(r.GetString(1), SqliteJson.Default.ApiSettings));
            },
            cancellationToken);
    }

    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        DeleteOneAsync("DELETE FROM api_settings WHERE api_id = $a", apiId, null, cancellationToken);

    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var body = JsonSerializer.Serialize(authorization, SqliteJson.Default.AppAuthorization);
        return WriteAsync(
            w =>
            {
                var command = w.Command("""
                    INSERT INTO authorizations (app_id, auth_id, api_id, expires_at, body) VALUES ($app, $auth, $api, $exp, $body)
                    ON CONFLICT (app_id, auth_id) DO UPDATE SET api_id = excluded.api_id, expires_at = excluded.expires_at, body = excluded.body
                    """);
                command.Parameters.AddWithValue("$app", authorization.AppId);
                command.Parameters.AddWithValue("$auth", authorization.AuthId);
                command.Parameters.AddWithValue("$api", authorization.ApiId);
                command.Parameters.AddWithValue("$exp", (object?)authorization.ExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                command.Parameters.AddWithValue("$body", body);
                try
                {
                    command.ExecuteNonQuery();
                }
                catch (SqliteException ex) when (SqliteErrors.IsConstraint(ex))
                {
                    throw new StoreConflictException("The app of this authorization does not exist.", ex);
                }

                return true;
            },
            cancellationToken);
    }

    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default)
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

        var now = NowMs();
        return ReadAsync(
            c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = """
                    SELECT app_id, auth_id, body FROM authorizations
                    WHERE api_id = $api AND (expires_at IS NULL OR expires_at > $now)
                      AND ($afterApp IS NULL OR (app_id, auth_id) > ($afterApp, $afterAuth))
                    ORDER BY app_id, auth_id LIMIT $take
                    """;
                command.Parameters.AddWithValue("$api", apiId);
                command.Parameters.AddWithValue("$now", now);
                command.Parameters.AddWithValue("$afterApp", (object?)afterApp ?? DBNull.Value);
                command.Parameters.AddWithValue("$afterAuth", (object?)afterAuth ?? DBNull.Value);
                command.Parameters.AddWithValue("$take", limit + 1);
                return ReadPage(
                    command,
                    limit,
                    r => r.GetString(0) + KeySeparator + r.GetString(1),
                    r => Deserialize(r.GetString(2), SqliteJson.Default.AppAuthorization));
            },
            cancellationToken);
    }

    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) =>
        DeleteGuardedAsync("DELETE FROM authorizations WHERE app_id = $a AND auth_id = $b", appId, authId, condition, cancellationToken);

    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jti);
        return WriteAsync(
            w =>
            {
                var command = w.Command("""
                    INSERT INTO revoked_tokens (jti, expires_at) VALUES ($jti, $exp)
                    ON CONFLICT (jti) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)
                    """);
                command.Parameters.AddWithValue("$jti", jti);
                command.Parameters.AddWithValue("$exp", expiresAt.ToUnixTimeMilliseconds());
                return command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _writer.Dispose();
            _checkpointer.Release();

            // Pooled connections keep the file open; release them so the database can be moved or deleted.
            ClearReadPool();
        }
    }

    /// <summary>Runs a DELETE keyed by <c>$a</c> (and <c>$b</c> when given); true when it removed exactly one row.</summary>
    private Task<bool> DeleteOneAsync(string sql, string a, string? b, CancellationToken cancellationToken) =>
        WriteAsync(
            w =>
            {
                var command = w.Command(sql);
                command.Parameters.AddWithValue("$a", a);
                if (b is not null)
                {
                    command.Parameters.AddWithValue("$b", b);
                }

                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);

    /// <summary>
    /// <see cref="DeleteOneAsync"/> under an <see cref="AppWriteCondition"/> on the app <c>$a</c>: the app's version and
    /// the admin guard are checked and the guard moved in the one transaction of the single writer, so no other write
    /// can land between the check and the delete.
    /// </summary>
    private Task<bool> DeleteGuardedAsync(string sql, string appId, string? b, AppWriteCondition? condition, CancellationToken cancellationToken)
    {
        if (condition is not { } c)
        {
            return DeleteOneAsync(sql, appId, b, cancellationToken);
        }

        return WriteAsync(
            w =>
            {
                using var tx = w.BeginTransaction();
                MoveAdminGuard(w, tx, c.AdminGuard);
                var read = w.Command("SELECT version FROM apps WHERE app_id = $a", tx);
                read.Parameters.AddWithValue("$a", appId);
                switch (read.ExecuteScalar())
                {
                    case null:
                        // The app is gone, and with it everything of it.
                        return false;
                    case long version when version != c.AppVersion:
                        throw new StoreConflictException("The app was changed since it was read.");
                }

                var command = w.Command(sql, tx);
                command.Parameters.AddWithValue("$a", appId);
                if (b is not null)
                {
                    command.Parameters.AddWithValue("$b", b);
                }

                var deleted = command.ExecuteNonQuery() == 1;
                if (deleted)
                {
                    tx.Commit();
                }

                return deleted;
            },
            cancellationToken);
    }

    /// <summary>In the writer's transaction: checks the admin guard against <paramref name="expected"/> and moves it on.</summary>
    private static void MoveAdminGuard(SqliteWriter w, SqliteTransaction tx, long? expected)
    {
        if (expected is not { } e)
        {
            return;
        }

        var move = w.Command(
            """
            INSERT INTO admin_guard (id, version) VALUES (0, 1)
            ON CONFLICT (id) DO UPDATE SET version = admin_guard.version + 1 WHERE admin_guard.version = $expected
            """,
            tx);
        move.Parameters.AddWithValue("$expected", e);

        // A missing row is version 0, so the guard moved from the expected value exactly when it now reads one more.
        var moved = move.ExecuteNonQuery() == 1;
        var read = w.Command("SELECT version FROM admin_guard WHERE id = 0", tx);
        if (!moved || read.ExecuteScalar() is not long now || now != e + 1)
        {
            throw new AdminGuardConflictException();
        }
    }

    /// <summary>A read on a pooled connection; a database fault empties the pool so no later read reuses a broken handle.</summary>
    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            EnsureFileInPlace();
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            return Task.FromResult(read(connection));
        }
#pragma warning disable CA1031 // Not swallowed: every failure is handed to the caller in the task, as an async method would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (ex is SqliteException sqlite && !SqliteErrors.IsConstraint(sqlite))
            {
                ClearReadPool();
            }

            return Task.FromException<T>(ex);
        }
    }

    private Task<T> WriteAsync<T>(Func<SqliteWriter, T> write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _writer.WriteAsync(
            w =>
            {
                EnsureFileInPlace();
                var result = write(w);
                _sweeper.SweepIfDue(w, NowMs());
                return result;
            },
            cancellationToken);
    }

    /// <summary>
    /// One statement: insert, or take over a row whose previous use has expired; the single writer makes it atomic
    /// against every other write (a group runs its writes one after another), so concurrent callers with one nonce
    /// see exactly one change.
    /// </summary>
    private static bool RecordNonce(SqliteWriter writer, string appKey, string nonce, long expiresMs, long nowMs)
    {
        var insert = writer.BoundCommand(
            """
            INSERT INTO nonces (app_key, nonce, expires_at) VALUES ($key, $nonce, $exp)
            ON CONFLICT (app_key, nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at <= $now
            """,
            "$key",
            "$nonce",
            "$exp",
            "$now");
        var parameters = insert.Parameters;
        parameters[0].Value = appKey;
        parameters[1].Value = nonce;
        parameters[2].Value = expiresMs;
        parameters[3].Value = nowMs;
        return insert.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Before a nonce group: the file check, once per group rather than per nonce (the group is one transaction, so
    /// a file that went away fails all of it either way).
    /// </summary>
    private void BeginNonceGroup(SqliteWriter writer) => EnsureFileInPlace();

    /// <summary>
    /// After a nonce group, in its transaction: expired nonces deleted, <see cref="NonceSweepPerWrite"/> per nonce
    /// recorded, so the table shrinks back after a burst; one statement per group instead of one per nonce.
    /// </summary>
    private void EndNonceGroup(SqliteWriter writer, int recorded)
    {
        if (recorded == 0)
        {
            return;
        }

        var now = NowMs();
        var sweep = writer.BoundCommand(
            "DELETE FROM nonces WHERE rowid IN (SELECT rowid FROM nonces WHERE expires_at <= $now LIMIT $limit)",
            "$now",
            "$limit");
        sweep.Parameters[0].Value = now;
        sweep.Parameters[1].Value = recorded * NonceSweepPerWrite;
        sweep.ExecuteNonQuery();
        _sweeper.SweepIfDue(writer, now);
    }

    /// <summary>
    /// Open handles keep reading a file that was moved or deleted; checking the path first makes such a fault
    /// fail closed (and the handles are dropped, so a file put back is opened afresh).
    /// </summary>
    private void EnsureFileInPlace()
    {
        if (!File.Exists(_path))
        {
            throw new SqliteException($"The SQLite database {_path} is missing.", CantOpen);
        }
    }

    private void ClearReadPool()
    {
        using var connection = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static void InsertCode(SqliteWriter writer, SqliteTransaction? tx, AppCodeRecord code)
    {
        var command = writer.Command("INSERT INTO app_codes (code_hash, app_id, code_id, last4, created_at) VALUES ($hash, $app, $code, $last4, $created)", tx);
        command.Parameters.AddWithValue("$hash", code.CodeHash);
        command.Parameters.AddWithValue("$app", code.AppId);
        command.Parameters.AddWithValue("$code", code.CodeId);
        command.Parameters.AddWithValue("$last4", code.Last4);
        command.Parameters.AddWithValue("$created", code.CreatedAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static AppCodeRecord ReadCode(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));

    private static T? ReadBody<T>(SqliteConnection connection, string sql, string id, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is string body ? Deserialize(body, type) : null;
    }

    private static Page<T> ReadPage<T>(SqliteCommand command, int limit, Func<SqliteDataReader, string> key, Func<SqliteDataReader, T> item)
    {
        var items = new List<T>(limit);
        string? lastKey = null;
        var more = false;
        using var reader = command.ExecuteReader();
        while (reader.Read())
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
}
