using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rapport.Data;
using Rapport.Demo;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Sales;
using Shouldly;

namespace Rapport.Tests.Data;

/// <summary>
/// Upgrading a database with data in it (issue #12): a database at migration 0012 holding the demo
/// workspace, plus follow-up tasks linked to deals in Sales' old <c>deal_tasks</c>, is migrated to the
/// latest schema; every note, task and interaction survives, and every deal_tasks link is now a
/// "task → deal" activity target, reachable through the API.
/// </summary>
public class UpgradeTests
{
    private static DbConnection Open(TestDatabase db) => db.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(db.ConnectionString) : new NpgsqlConnection(db.ConnectionString);

    private static async Task<List<object[]>> QueryAsync(TestDatabase db, string sql)
    {
        await using var c = Open(db);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
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

    private static async Task ExecAsync(TestDatabase db, string sql)
    {
        await using var c = Open(db);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static Guid AsGuid(object v) => v is byte[] b ? new Guid(b, bigEndian: true) : (Guid)v;

    private static async Task<long> CountAsync(TestDatabase db, string table) =>
        Convert.ToInt64((await QueryAsync(db, $"SELECT COUNT(*) FROM {table}"))[0][0]);

    [Theory, SqliteData, PostgresData]
    public async Task A_database_at_0012_with_demo_data_and_deal_tasks_upgrades_without_losing_anything(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        var options = new DatabaseOptions(provider, database.ConnectionString, MigrateOnStart: false);
        var upTo12 = await new Migrator(options).MigrateAsync(upTo: "0012");
        upTo12.Applied.Last().ShouldStartWith("0012_");

        // The demo workspace as the app writes it (every table it touches existed at 0012), the app not migrating.
        await using var app = new RapportApp(database, new() { ["Database:MigrateOnStart"] = "false" });
        var owner = await app.SignUpAsync();
        await app.InWorkspaceAsync(owner.WorkspaceId, sp => sp.GetRequiredService<SeedDemoData>().HandleAsync(default));
        // Follow-up tasks as Sales recorded them before 0014: three deals, each linked to two tasks.
        await ExecAsync(database, """
            INSERT INTO deal_tasks (workspace_id, deal_id, task_id, stage_rule_id)
            SELECT d.workspace_id, d.id, t.id, NULL FROM deals d JOIN tasks t ON t.workspace_id = d.workspace_id
            WHERE d.id IN (SELECT id FROM deals ORDER BY id LIMIT 3) AND t.id IN (SELECT id FROM tasks ORDER BY id LIMIT 2)
            """);

        var notes = await CountAsync(database, "notes");
        var tasks = await CountAsync(database, "tasks");
        var interactions = await CountAsync(database, "interactions");
        notes.ShouldBeGreaterThan(0);
        tasks.ShouldBeGreaterThan(1);
        interactions.ShouldBeGreaterThan(0);
        var links = (await QueryAsync(database, "SELECT deal_id, task_id FROM deal_tasks")).Select(r => (Deal: AsGuid(r[0]), Task: AsGuid(r[1]))).ToList();
        links.Count.ShouldBe(6);
        const string sample = "SELECT id, body, contact_id FROM notes ORDER BY id LIMIT 5";
        var notesBefore = (await QueryAsync(database, sample)).Select(r => (AsGuid(r[0]), (string)r[1], r[2] is DBNull ? (Guid?)null : AsGuid(r[2]))).ToList();
        const string taskSample = "SELECT id, title, status FROM tasks ORDER BY id LIMIT 5";
        var tasksBefore = (await QueryAsync(database, taskSample)).Select(r => (AsGuid(r[0]), (string)r[1], (string)r[2])).ToList();

        var upgrade = await new Migrator(options).MigrateAsync();
        upgrade.Applied.ShouldContain("0014_activity_targets");

        (await CountAsync(database, "notes")).ShouldBe(notes);
        (await CountAsync(database, "tasks")).ShouldBe(tasks);
        (await CountAsync(database, "interactions")).ShouldBe(interactions);
        (await QueryAsync(database, sample)).Select(r => (AsGuid(r[0]), (string)r[1], r[2] is DBNull ? (Guid?)null : AsGuid(r[2]))).ToList().ShouldBe(notesBefore);
        (await QueryAsync(database, taskSample)).Select(r => (AsGuid(r[0]), (string)r[1], (string)r[2])).ToList().ShouldBe(tasksBefore);
        var targets = (await QueryAsync(database, "SELECT activity_type, activity_id, target_type, target_id FROM activity_targets"))
            .Select(r => ((string)r[0], AsGuid(r[1]), (string)r[2], AsGuid(r[3]))).ToList();
        targets.Order().ShouldBe(links.Select(l => ("task", l.Task, "deal", l.Deal)).Order());
        (await QueryAsync(database, provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'deal_tasks'"
            : "SELECT tablename FROM pg_tables WHERE tablename = 'deal_tasks'")).ShouldBeEmpty();

        // The deals' tasks are now their targets, through the API and on the deals' timelines.
        using var api = app.ApiClient(owner.ApiKey);
        foreach (var deal in links.GroupBy(l => l.Deal))
        {
            var page = await (await api.GetAsync($"/api/v1/tasks?targetType=deal&targetId={deal.Key}&limit=100")).ShouldBeAsync(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            items.Select(i => Guid.Parse(i.Str("id"))).Order().ShouldBe(deal.Select(l => l.Task).Order());
            items.ShouldAllBe(i => i.GetProperty("targets").EnumerateArray().Any(t => t.Str("type") == "deal" && t.Str("id") == deal.Key.ToString()));
            var timeline = await (await api.GetAsync($"/api/v1/deals/{deal.Key}/timeline?limit=100")).ShouldBeAsync(HttpStatusCode.OK);
            var onTimeline = timeline.GetProperty("items").EnumerateArray().Where(i => i.Str("type") == "task").Select(i => Guid.Parse(i.Str("id"))).ToList();
            foreach (var l in deal) onTimeline.ShouldContain(l.Task);
        }
    }
}
