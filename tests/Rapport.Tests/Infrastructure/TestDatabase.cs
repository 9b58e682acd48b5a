using Npgsql;
using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test fixture: a temporary SQLite file, or a new PostgreSQL
/// database created from the server in RAPPORT_TEST_POSTGRES (and dropped afterwards).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "RAPPORT_TEST_POSTGRES";

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    private readonly string? _file;
    private readonly string? _pgName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? file, string? pgName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _file = file;
        _pgName = pgName;
    }

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;
    public static bool PostgresAvailable => PostgresServer is not null;

    public static TestDatabase Create(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? CreateSqlite() : CreatePostgres();

    public static TestDatabase CreateSqlite()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rapport-tests");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{Guid.NewGuid():N}.db");
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file}", file, null);
    }

    public static TestDatabase CreatePostgres()
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set.");
        var name = $"rapport_test_{Guid.NewGuid():N}";
        using (var c = new NpgsqlConnection(server))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            cmd.ExecuteNonQuery();
        }
        var b = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, b.ToString(), null, name);
    }

    /// <summary>Configuration keys that point Rapport at this database.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Rapport"] = ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
        }
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(PostgresServer);
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)";
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
