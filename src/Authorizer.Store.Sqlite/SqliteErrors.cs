using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Sqlite;

internal static class SqliteErrors
{
    private const int ConstraintError = 19;
    private const int UniqueViolation = 2067;
    private const int PrimaryKeyViolation = 1555;
    private const int ForeignKeyViolation = 787;

    /// <summary>A write refused by the data (a conflict for the caller), as opposed to a fault of the database.</summary>
    public static bool IsConstraint(SqliteException ex) =>
        ex.SqliteExtendedErrorCode is UniqueViolation or PrimaryKeyViolation or ForeignKeyViolation || ex.SqliteErrorCode == ConstraintError;
}
