using Npgsql;
using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A fresh database for one test fixture: a temporary SQLite file, or a new PostgreSQL database
/// created from the server in RAPPORT_TEST_POSTGRES (and dropped afterwards). <see cref="Create"/>
/// gives an empty one (for the migrator's own tests); <see cref="CreateMigrated"/> a copy of a
/// template migrated once per test run and provider (a file copy on SQLite, CREATE DATABASE …
/// TEMPLATE on PostgreSQL), so that hundreds of tests do not each run every migration from 0001.
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

    public static TestDatabase CreateMigrated(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var template = SqliteTemplate.Value.GetAwaiter().GetResult();
            var db = CreateSqlite();
            File.Copy(template, db._file!);
            return db;
        }
        var pgTemplate = PostgresTemplate.Value.GetAwaiter().GetResult();
        return CreatePostgres(pgTemplate);
    }

    // Built on the thread pool (Task.Run): callers block on it, and xunit's synchronization context must not be needed to finish it.
    private static readonly Lazy<Task<string>> SqliteTemplate = new(() => Task.Run(async () =>
    {
        var template = CreateSqlite();
        await MigrateAsync(template);
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection(template.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);"; // everything in the main file, so a copy of it is the whole database
            await cmd.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { File.Delete(template._file!); } catch (IOException) { } };
        return template._file!;
    }));

    private static readonly Lazy<Task<string>> PostgresTemplate = new(() => Task.Run(async () =>
    {
        var template = CreatePostgres();
        await MigrateAsync(template);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(template.ConnectionString)); // a template must have no open connection
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { template.DisposeAsync().AsTask().GetAwaiter().GetResult(); } catch (NpgsqlException) { }
        };
        return template._pgName!;
    }));

    private static async Task MigrateAsync(TestDatabase db) =>
        await new Migrator(new DatabaseOptions(db.Provider, db.ConnectionString, MigrateOnStart: true)).MigrateAsync();

    public static TestDatabase CreateSqlite()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rapport-tests");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{Guid.NewGuid():N}.db");
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file}", file, null);
    }

    public static TestDatabase CreatePostgres(string? template = null)
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set.");
        var name = $"rapport_test_{Guid.NewGuid():N}";
        using (var c = new NpgsqlConnection(server))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
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
