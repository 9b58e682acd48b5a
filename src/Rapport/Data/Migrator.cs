using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Rapport.Data;

/// <summary>
/// Applies the embedded SQL scripts of the configured provider in name order. Each applied script
/// is recorded with its SHA-256 in schema_migrations; a script changed after it was applied stops
/// the migration. Each script runs in its own transaction. Two instances starting together migrate
/// once: PostgreSQL serializes them with an advisory lock, SQLite with BEGIN IMMEDIATE (its
/// single-writer lock) and a re-check inside the transaction. (EF migrations need tooling that
/// does not install here: docs/decisions/0002-sql-migrations-per-provider.md.)
/// </summary>
public sealed class Migrator(DatabaseOptions options, ILogger<Migrator>? logger = null)
{
    private const long AdvisoryLockKey = 0x5241_5050_4f52_54; // "RAPPORT"

    public sealed record Script(string Name, string Sql, string Checksum);
    public sealed record Result(IReadOnlyList<string> Applied, IReadOnlyList<string> AlreadyApplied);

    public static IReadOnlyList<Script> Scripts(DatabaseProvider provider)
    {
        var prefix = $"Rapport.Data.Migrations.{provider}.";
        var asm = typeof(Migrator).Assembly;
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var s = asm.GetManifestResourceStream(n)!;
                using var r = new StreamReader(s);
                var sql = r.ReadToEnd().Replace("\r\n", "\n");
                return new Script(n[prefix.Length..^4], sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
            })
            .ToList();
    }

    /// <param name="upTo">Stop after this migration (its number, e.g. "0012"): the upgrade tests start from an older schema.</param>
    public async Task<Result> MigrateAsync(CancellationToken ct = default, string? upTo = null)
    {
        var scripts = Scripts(options.Provider).Where(s => upTo is null || string.CompareOrdinal(s.Name[..Math.Min(s.Name.Length, upTo.Length)], upTo) <= 0).ToList();
        await using var connection = Open();
        await connection.OpenAsync(ct);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await ExecAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
        }
        else
        {
            await ExecAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey});", ct);
        }
        try
        {
            await ExecAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR(200) NOT NULL PRIMARY KEY, checksum VARCHAR(64) NOT NULL, applied_at VARCHAR(40) NOT NULL);", ct);
            var applied = new List<string>();
            var already = new List<string>();
            foreach (var script in scripts)
            {
                await using var tx = options.Provider == DatabaseProvider.Sqlite
                    ? await BeginImmediateAsync((SqliteConnection)connection, ct)
                    : await connection.BeginTransactionAsync(ct);
                var existing = await AppliedChecksumAsync(connection, tx, script.Name, ct);
                if (existing is not null)
                {
                    if (existing != script.Checksum)
                        throw new InvalidOperationException(
                            $"Migration {script.Name} was changed after it was applied (checksum {existing} in the database, {script.Checksum} now). " +
                            "Never edit an applied migration: add a new one.");
                    await tx.RollbackAsync(ct);
                    already.Add(script.Name);
                    continue;
                }
                logger?.LogInformation("Applying migration {Name}", script.Name);
                await ExecAsync(connection, tx, script.Sql, ct);
                await using (var insert = connection.CreateCommand())
                {
                    insert.Transaction = tx;
                    insert.CommandText = "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (@n, @c, @a)";
                    AddParam(insert, "@n", script.Name);
                    AddParam(insert, "@c", script.Checksum);
                    AddParam(insert, "@a", DateTime.UtcNow.ToString("O"));
                    await insert.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                applied.Add(script.Name);
            }
            return new Result(applied, already);
        }
        finally
        {
            if (options.Provider == DatabaseProvider.Postgres)
                await ExecAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey});", CancellationToken.None);
        }
    }

    private DbConnection Open() => options.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(options.ConnectionString)
        : new NpgsqlConnection(options.ConnectionString);

    /// <summary>BEGIN IMMEDIATE takes SQLite's write lock up front, so a second migrator waits here rather than racing.</summary>
    private static Task<DbTransaction> BeginImmediateAsync(SqliteConnection connection, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<DbTransaction>(connection.BeginTransaction(deferred: false));
    }

    private static async Task<string?> AppliedChecksumAsync(DbConnection c, DbTransaction tx, string name, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT checksum FROM schema_migrations WHERE name = @n";
        AddParam(cmd, "@n", name);
        return (string?)await cmd.ExecuteScalarAsync(ct);
    }

    private static async Task ExecAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParam(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
