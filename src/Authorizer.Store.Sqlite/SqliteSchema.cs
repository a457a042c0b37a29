namespace Authorizer.Store.Sqlite;

internal static class SqliteSchema
{
    // Times are Unix milliseconds so expiry comparisons are plain integer comparisons.
    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS apps (
            app_id TEXT NOT NULL PRIMARY KEY,
            app_key TEXT NOT NULL UNIQUE,
            version INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS app_codes (
            code_hash TEXT NOT NULL PRIMARY KEY,
            app_id TEXT NOT NULL REFERENCES apps(app_id) ON DELETE CASCADE,
            code_id TEXT NOT NULL,
            last4 TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            UNIQUE (app_id, code_id)
        );
        CREATE TABLE IF NOT EXISTS api_settings (
            api_id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS authorizations (
            app_id TEXT NOT NULL REFERENCES apps(app_id) ON DELETE CASCADE,
            auth_id TEXT NOT NULL,
            api_id TEXT NOT NULL,
            expires_at INTEGER,
            body TEXT NOT NULL,
            PRIMARY KEY (app_id, auth_id)
        );
        CREATE INDEX IF NOT EXISTS authorizations_by_api ON authorizations (api_id, app_id, auth_id);
        CREATE TABLE IF NOT EXISTS nonces (
            app_key TEXT NOT NULL,
            nonce TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (app_key, nonce)
        );
        CREATE INDEX IF NOT EXISTS nonces_by_expiry ON nonces (expires_at);
        CREATE TABLE IF NOT EXISTS revoked_tokens (
            jti TEXT NOT NULL PRIMARY KEY,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS revoked_tokens_by_expiry ON revoked_tokens (expires_at);
        CREATE INDEX IF NOT EXISTS authorizations_by_expiry ON authorizations (expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE IF NOT EXISTS failure_counts (
            counter TEXT NOT NULL PRIMARY KEY,
            count INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS failure_counts_by_expiry ON failure_counts (expires_at);
        CREATE TABLE IF NOT EXISTS admin_guard (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 0),
            version INTEGER NOT NULL
        );
        """;
}
