using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Data;

public class MigrationTests(SharedApps apps) : SharedAppTests(apps)
{
    /// <summary>Indexes created at run time (custom fields, issue #3) are named cf_* and are not part of the migrated schema.</summary>
    public const string RuntimeIndexPrefix = "cf_";

    // Objects the migrations create that the EF model cannot describe. The schema comparison leaves out
    // exactly these (by name), and The_objects_outside_the_EF_model_are_exactly_the_declared_ones checks
    // that they, and nothing else of their kind, exist: a new view, trigger, virtual table or trigram
    // index fails until it is declared here.

    /// <summary>SQLite FTS5 tables; their shadow tables (<c>search_fts_data</c>, <c>_idx</c>, …) come with them.</summary>
    public static readonly string[] SqliteVirtualTables = ["search_fts"];
    /// <summary>PostgreSQL GIN trigram indexes (pg_trgm operator classes): named trgm_*.</summary>
    public static readonly string[] PostgresTrigramIndexes = ["trgm_search_documents_handles", "trgm_search_documents_phones", "trgm_search_documents_words"];
    /// <summary>Views, both providers: what each module makes searchable (0004).</summary>
    public static readonly string[] Views = ["search_account_documents", "search_contact_documents", "search_deal_documents", "search_lead_documents"];
    private static readonly string[] SearchTriggers =
    [
        "trg_search_accounts_after_delete", "trg_search_accounts_after_insert", "trg_search_accounts_after_update",
        "trg_search_contacts_after_delete", "trg_search_contacts_after_insert", "trg_search_contacts_after_update",
        "trg_search_deals_after_delete", "trg_search_deals_after_insert", "trg_search_deals_after_update",
        "trg_search_leads_after_delete", "trg_search_leads_after_insert", "trg_search_leads_after_update",
        "trg_search_documents_after_delete", "trg_search_documents_after_insert", "trg_search_documents_before_update",
    ];
    /// <summary>Triggers, per provider (PostgreSQL's foreign-key triggers are internal and not listed).</summary>
    public static string[] Triggers(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite
        ? ["trg_accounts_before_delete_clear_deals", "trg_accounts_before_delete_clear_links", "trg_contacts_before_delete_clear_links",
            "trg_products_before_delete_clear_line_items", "trg_teams_before_delete_clear_memberships", .. SearchTriggers]
        : SearchTriggers;

    [Theory, SqliteData, PostgresData]
    public async Task The_objects_outside_the_EF_model_are_exactly_the_declared_ones(DatabaseProvider provider)
    {
        var app = App(provider);
        using var _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        async Task<List<string>> Names(string sql) => (await QueryAsync(conn, sql)).Select(r => (string)r[0]).Order(StringComparer.Ordinal).ToList();

        if (provider == DatabaseProvider.Sqlite)
        {
            (await Names("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual'")).ShouldBe(SqliteVirtualTables.Order(StringComparer.Ordinal));
            var shadows = await Names("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'");
            shadows.ShouldNotBeEmpty();
            shadows.Where(s => !SqliteVirtualTables.Any(v => s.StartsWith(v + "_", StringComparison.Ordinal))).ShouldBeEmpty();
            (await Names("SELECT name FROM sqlite_master WHERE type = 'view'")).ShouldBe(Views.Order(StringComparer.Ordinal));
            (await Names("SELECT name FROM sqlite_master WHERE type = 'trigger'")).ShouldBe(Triggers(provider).Order(StringComparer.Ordinal));
        }
        else
        {
            (await Names("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '%gin_trgm_ops%'"))
                .ShouldBe(PostgresTrigramIndexes.Order(StringComparer.Ordinal));
            (await Names("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'trgm\\_%'"))
                .ShouldBe(PostgresTrigramIndexes.Order(StringComparer.Ordinal));
            (await Names("SELECT table_name FROM information_schema.views WHERE table_schema = 'public'")).ShouldBe(Views.Order(StringComparer.Ordinal));
            (await Names("""
                SELECT t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND NOT t.tgisinternal
                """)).ShouldBe(Triggers(provider).Order(StringComparer.Ordinal));
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_migrated_schema_matches_the_EF_model(DatabaseProvider provider)
    {
        var app = App(provider);
        using var _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var expected = Describe(db.GetService<IDesignTimeModel>().Model.GetRelationalModel(), provider);
        var actual = await ReadSchemaAsync(db, provider);

        expected.ShouldContain("pk teams(workspace_id,id)");
        expected.ShouldContain("index users(email) unique");
        expected.ShouldContain("fk memberships(workspace_id,team_id) -> teams(workspace_id,id)");
        var missing = expected.Except(actual).Order().ToList();
        var extra = actual.Except(expected).Order().ToList();
        missing.ShouldBeEmpty("In the EF model but not in the migrated database:\n" + string.Join("\n", missing));
        extra.ShouldBeEmpty("In the migrated database but not in the EF model:\n" + string.Join("\n", extra));
    }

    private static HashSet<string> Describe(IRelationalModel model, DatabaseProvider provider)
    {
        var facts = new HashSet<string>();
        foreach (var table in model.Tables)
        {
            foreach (var c in table.Columns)
                facts.Add($"column {table.Name}.{c.Name} {(c.IsNullable ? "null" : "not null")} {TypeFamily(c.StoreType, provider)}");
            if (table.PrimaryKey is { } pk) facts.Add($"pk {table.Name}({string.Join(",", pk.Columns.Select(c => c.Name))})");
            foreach (var fk in table.ForeignKeyConstraints)
                facts.Add($"fk {table.Name}({string.Join(",", fk.Columns.Select(c => c.Name))}) -> {fk.PrincipalTable.Name}({string.Join(",", fk.PrincipalColumns.Select(c => c.Name))})");
            foreach (var ix in table.Indexes)
                facts.Add($"index {table.Name}({string.Join(",", ix.Columns.Select(c => c.Name))}){(ix.IsUnique ? " unique" : "")}");
            foreach (var uc in table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()))
                facts.Add($"index {table.Name}({string.Join(",", uc.Columns.Select(c => c.Name))}) unique");
        }
        return facts;
    }

    private static string TypeFamily(string storeType, DatabaseProvider provider)
    {
        var t = storeType.ToLowerInvariant();
        var paren = t.IndexOf('(');
        return paren > 0 ? t[..paren].Trim() : t;
    }

    private static async Task<HashSet<string>> ReadSchemaAsync(RapportDb db, DatabaseProvider provider)
    {
        var facts = new HashSet<string>();
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        if (provider == DatabaseProvider.Sqlite)
        {
            // Ordinary tables only: FTS5 virtual tables and their shadow tables are checked by
            // The_objects_outside_the_EF_model_are_exactly_the_declared_ones.
            var tables = await QueryAsync(conn, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'");
            foreach (var t in tables.Select(r => (string)r[0]))
            {
                var pkCols = new List<(long Order, string Name)>();
                foreach (var c in await QueryAsync(conn, $"PRAGMA table_info(\"{t}\")"))
                {
                    var name = (string)c[1];
                    var notNull = (long)c[3] == 1 || (long)c[5] > 0;
                    facts.Add($"column {t}.{name} {(notNull ? "not null" : "null")} {TypeFamily((string)c[2], provider)}");
                    if ((long)c[5] > 0) pkCols.Add(((long)c[5], name));
                }
                facts.Add($"pk {t}({string.Join(",", pkCols.OrderBy(p => p.Order).Select(p => p.Name))})");
                foreach (var fk in (await QueryAsync(conn, $"PRAGMA foreign_key_list(\"{t}\")")).GroupBy(r => (long)r[0]))
                {
                    var rows = fk.OrderBy(r => (long)r[1]).ToList();
                    facts.Add($"fk {t}({string.Join(",", rows.Select(r => (string)r[3]))}) -> {(string)rows[0][2]}({string.Join(",", rows.Select(r => (string)r[4]))})");
                }
                foreach (var ix in await QueryAsync(conn, $"PRAGMA index_list(\"{t}\")"))
                {
                    var name = (string)ix[1];
                    if ((string)ix[3] == "pk" || name.StartsWith(RuntimeIndexPrefix)) continue;
                    var cols = (await QueryAsync(conn, $"PRAGMA index_info(\"{name}\")")).OrderBy(r => (long)r[0]).Select(r => (string)r[2]);
                    facts.Add($"index {t}({string.Join(",", cols)}){((long)ix[2] == 1 ? " unique" : "")}");
                }
            }
        }
        else
        {
            foreach (var c in await QueryAsync(conn, "SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'"))
                if (!Views.Contains((string)c[0])) facts.Add($"column {c[0]}.{c[1]} {((string)c[2] == "YES" ? "null" : "not null")} {PgType((string)c[3])}");
            const string indexes = """
                SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
                       (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
                FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = 'public' AND t.relname <> 'schema_migrations'
                """;
            foreach (var ix in await QueryAsync(conn, indexes))
            {
                if ((bool)ix[3]) facts.Add($"pk {ix[0]}({ix[4]})");
                else if (!((string)ix[1]).StartsWith(RuntimeIndexPrefix) && !PostgresTrigramIndexes.Contains((string)ix[1])) facts.Add($"index {ix[0]}({ix[4]}){((bool)ix[2] ? " unique" : "")}");
            }
            const string fks = """
                SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
                       (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
                       (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'
                """;
            foreach (var fk in await QueryAsync(conn, fks))
                facts.Add($"fk {fk[0]}({fk[2]}) -> {fk[1]}({fk[3]})");
        }
        return facts;
    }

    private static string PgType(string dataType) => dataType switch
    {
        "timestamp with time zone" => "timestamp with time zone",
        _ => dataType,
    };

    private static async Task<List<object[]>> QueryAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await r.ReadAsync())
        {
            var row = new object[r.FieldCount];
            r.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Migrating_again_applies_nothing_and_a_changed_script_is_refused(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        var options = DatabaseOptions.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(database.Settings()).Build());
        var migrator = new Migrator(options);
        var first = await migrator.MigrateAsync();
        first.Applied.ShouldNotBeEmpty();
        first.Applied.ShouldBe(Migrator.Scripts(provider).Select(s => s.Name).ToList());
        var second = await migrator.MigrateAsync();
        second.Applied.ShouldBeEmpty();
        second.AlreadyApplied.Count.ShouldBe(first.Applied.Count);

        await using (var conn = Open(options))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"UPDATE schema_migrations SET checksum = 'edited' WHERE name = '{first.Applied[0]}'";
            await cmd.ExecuteNonQueryAsync();
        }
        var e = await Should.ThrowAsync<InvalidOperationException>(() => migrator.MigrateAsync());
        e.Message.ShouldContain("was changed after it was applied");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Instances_starting_together_migrate_once(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        var options = DatabaseOptions.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(database.Settings()).Build());
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new Migrator(options).MigrateAsync())));
        results.Sum(r => r.Applied.Count).ShouldBe(Migrator.Scripts(provider).Count);
        await using var conn = Open(options);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        Convert.ToInt32(await cmd.ExecuteScalarAsync()).ShouldBe(Migrator.Scripts(provider).Count);
    }

    private static DbConnection Open(DatabaseOptions o) => o.Provider == DatabaseProvider.Sqlite
        ? new Microsoft.Data.Sqlite.SqliteConnection(o.ConnectionString)
        : new Npgsql.NpgsqlConnection(o.ConnectionString);
}
