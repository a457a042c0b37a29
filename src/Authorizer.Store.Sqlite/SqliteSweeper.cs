namespace Authorizer.Store.Sqlite;

/// <summary>
/// Deletes expired nonce, revoked-token and authorization rows. Reads already ignore them; the sweep keeps the
/// tables bounded. It piggybacks on writes (rows only accumulate through writes) at most once per
/// <see cref="Interval"/>, in batches so that no write waits long behind it; a full batch brings the next
/// sweep forward to the next write. Used only by the writer's gate holder (<see cref="SqliteWriter.WriteAsync"/> or a
/// group of <see cref="SqliteWriter.WriteInGroupAsync"/>), which serializes it.
/// </summary>
internal sealed class SqliteSweeper
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public const int BatchRows = 500;

    private static readonly string[] Statements =
    [
        $"DELETE FROM nonces WHERE rowid IN (SELECT rowid FROM nonces WHERE expires_at <= $now LIMIT {BatchRows})",
        $"DELETE FROM revoked_tokens WHERE rowid IN (SELECT rowid FROM revoked_tokens WHERE expires_at <= $now LIMIT {BatchRows})",
        $"DELETE FROM authorizations WHERE rowid IN (SELECT rowid FROM authorizations WHERE expires_at IS NOT NULL AND expires_at <= $now LIMIT {BatchRows})",
    ];

    private long _nextSweepMs = long.MinValue;

    public void SweepIfDue(SqliteWriter writer, long nowMs)
    {
        if (nowMs < _nextSweepMs)
        {
            return;
        }

        var full = false;
        foreach (var sql in Statements)
        {
            var command = writer.Command(sql);
            command.Parameters.AddWithValue("$now", nowMs);
            full |= command.ExecuteNonQuery() == BatchRows;
        }

        _nextSweepMs = full ? nowMs : nowMs + (long)Interval.TotalMilliseconds;
    }
}
