using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Rapport.Data;

namespace Rapport.Imports;

/// <summary>
/// Inserts and updates many entities without EF's change tracker: the columns, names and value
/// conversions come from the EF model (so a bulk row is stored exactly as EF would store it: ids as
/// big-endian blobs on SQLite, UTC times, JSON as jsonb on PostgreSQL), the SQL is a prepared
/// <c>INSERT</c> reused for every row on SQLite and a binary <c>COPY</c> on PostgreSQL. It runs in
/// the context's current transaction, so database triggers (the search index) fire as for EF writes.
/// No audit, no trash, no outbox: the caller accounts for those (see the import's change log).
/// </summary>
public sealed class BulkWriter(RapportDb db) : IDisposable, Records.IRowSink
{
    private readonly Dictionary<(Type, string), DbCommand> _commands = [];
    /// <summary>Per statement (a chunk's COPY); bulk work is slow by nature, a stuck one still ends.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private sealed record Column(string Name, Func<object, object?> Get, Func<object?, object?>? ToProvider, NpgsqlDbType PgType, bool IsKey);

    private sealed record Table(string Name, Column[] Columns);

    private static readonly Dictionary<(Type, bool), Table> Tables = [];

    private Table TableOf<T>()
    {
        var key = (typeof(T), db.IsSqlite);
        lock (Tables)
        {
            if (Tables.TryGetValue(key, out var t)) return t;
            var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
            var pk = entity.FindPrimaryKey()!.Properties;
            var cols = entity.GetProperties().Where(p => p.PropertyInfo is not null).Select(p =>
            {
                var mapping = (RelationalTypeMapping)p.GetTypeMapping();
                var info = p.PropertyInfo!;
                var clr = Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType;
                var pgType = clr == typeof(Guid) ? NpgsqlDbType.Uuid
                    : clr == typeof(string) ? (mapping.StoreType == "jsonb" ? NpgsqlDbType.Jsonb : NpgsqlDbType.Text)
                    : clr == typeof(DateTime) ? NpgsqlDbType.TimestampTz
                    : clr == typeof(DateOnly) ? NpgsqlDbType.Date
                    : clr == typeof(int) ? NpgsqlDbType.Integer
                    : clr == typeof(long) ? NpgsqlDbType.Bigint
                    : clr == typeof(bool) ? NpgsqlDbType.Boolean
                    : clr == typeof(decimal) ? NpgsqlDbType.Numeric
                    : clr == typeof(double) ? NpgsqlDbType.Double
                    : throw new NotSupportedException($"{typeof(T).Name}.{p.Name}: {clr.Name} is not supported by bulk writes.");
                var converter = mapping.Converter;
                return new Column(p.GetColumnName(), o => info.GetValue(o), converter is null ? null : converter.ConvertToProvider, pgType, pk.Contains(p));
            }).ToArray();
            t = new Table(entity.GetTableName()!, cols);
            Tables[key] = t;
            return t;
        }
    }

    private DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    private object Value(Column c, object row)
    {
        var v = c.Get(row);
        if (v is not null && c.ToProvider is not null) v = c.ToProvider(v);
        return v ?? DBNull.Value;
    }

    /// <summary>Inserts the rows as they are (every mapped column).</summary>
    public async Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var table = TableOf<T>();
        if (db.IsSqlite)
        {
            var cmd = Prepared<T>("insert", () =>
                $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})",
                table.Columns.Length);
            foreach (var row in rows)
            {
                for (var i = 0; i < table.Columns.Length; i++) cmd.Parameters[i].Value = Value(table.Columns[i], row);
                cmd.ExecuteNonQuery();
            }
            return;
        }
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var w = await conn.BeginBinaryImportAsync(
            $"COPY \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        // The statement-level search triggers run when the COPY completes: on a busy server that can outlast the default 30 s.
        w.Timeout = Timeout;
        foreach (var row in rows)
        {
            await w.StartRowAsync(ct);
            foreach (var c in table.Columns)
            {
                var v = Value(c, row);
                if (v is DBNull) await w.WriteNullAsync(ct);
                else await w.WriteAsync(v, c.PgType, ct);
            }
        }
        await w.CompleteAsync(ct);
    }

    /// <summary>Updates the given columns (by property name) of each row, found by its primary key.</summary>
    public async Task UpdateAsync<T>(IReadOnlyCollection<T> rows, IReadOnlyList<string> properties, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var table = TableOf<T>();
        var names = properties.Select(Naming.SnakeCase).ToHashSet();
        var set = table.Columns.Where(c => names.Contains(c.Name)).ToArray();
        var keys = table.Columns.Where(c => c.IsKey).ToArray();
        var all = set.Concat(keys).ToArray();
        var sql = $"UPDATE \"{table.Name}\" SET {string.Join(", ", set.Select((c, i) => $"\"{c.Name}\" = @p{i}"))} WHERE {string.Join(" AND ", keys.Select((c, i) => $"\"{c.Name}\" = @p{set.Length + i}"))}";
        if (db.IsSqlite)
        {
            var cmd = Prepared<T>("update:" + string.Join(",", names.Order()), () => sql, all.Length);
            foreach (var row in rows)
            {
                for (var i = 0; i < all.Length; i++) cmd.Parameters[i].Value = Value(all[i], row);
                cmd.ExecuteNonQuery();
            }
            return;
        }
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var pgSql = $"UPDATE \"{table.Name}\" SET {string.Join(", ", set.Select((c, i) => $"\"{c.Name}\" = ${i + 1}"))} WHERE {string.Join(" AND ", keys.Select((c, i) => $"\"{c.Name}\" = ${set.Length + i + 1}"))}";
        foreach (var part in rows.Chunk(500))
        {
            await using var batch = new NpgsqlBatch(conn, (NpgsqlTransaction?)Transaction) { Timeout = (int)Timeout.TotalSeconds };
            foreach (var row in part)
            {
                var bc = new NpgsqlBatchCommand(pgSql);
                for (var i = 0; i < all.Length; i++)
                    bc.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = all[i].PgType, Value = Value(all[i], row) });
                batch.BatchCommands.Add(bc);
            }
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    private DbCommand Prepared<T>(string kind, Func<string> sql, int parameters)
    {
        var key = (typeof(T), kind);
        var tx = Transaction;
        if (!_commands.TryGetValue(key, out var cmd))
        {
            cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = sql();
            cmd.CommandTimeout = (int)Timeout.TotalSeconds;
            for (var i = 0; i < parameters; i++) cmd.Parameters.Add(new SqliteParameter($"@p{i}", null));
            cmd.Transaction = tx;
            cmd.Prepare();
            _commands[key] = cmd;
        }
        cmd.Transaction = tx;
        return cmd;
    }

    public void Dispose()
    {
        foreach (var c in _commands.Values) c.Dispose();
        _commands.Clear();
    }
}
