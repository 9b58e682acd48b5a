using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Rapport.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// <c>Database:Provider</c> (Sqlite | Postgres), <c>ConnectionStrings:Rapport</c>, <c>Database:MigrateOnStart</c>.
/// With nothing configured: SQLite at data/rapport.db under the current directory.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStart)
{
    public const string DefaultSqlitePath = "data/rapport.db";

    public static DatabaseOptions From(IConfiguration config)
    {
        var providerText = config["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerText) ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var p) ? p
            : providerText.Equals("postgresql", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres
            : throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        var connection = config.GetConnectionString("Rapport");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("Database:Provider=Postgres needs ConnectionStrings:Rapport (env ConnectionStrings__Rapport).");
            connection = $"Data Source={DefaultSqlitePath}";
        }
        if (provider == DatabaseProvider.Sqlite) connection = PrepareSqlite(connection);
        var migrate = !bool.TryParse(config["Database:MigrateOnStart"], out var m) || m;
        return new DatabaseOptions(provider, connection, migrate);
    }

    /// <summary>Foreign keys on, a generous busy timeout (one writer at a time), and the folder created.</summary>
    private static string PrepareSqlite(string connection)
    {
        var b = new SqliteConnectionStringBuilder(connection) { ForeignKeys = true, DefaultTimeout = 30, Pooling = true };
        if (b.DataSource is { Length: > 0 } path && path != ":memory:" && b.Mode != SqliteOpenMode.Memory)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        return b.ToString();
    }
}
