using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Rapport.Common;
using Rapport.Data;
using Rapport.Imports;
using Rapport.Imports.Features;
using Rapport.Leads;
using Rapport.Leads.Features;
using Rapport.Platform.Features;

namespace Rapport.Bench.Import;

/// <summary>
/// <c>bench … import-leads [--provider sqlite|postgres] [--connection CS] [--rows N]</c>: an N-lead CSV imported
/// through the real handlers (LeadWriter's rules, e-mail matching, assignment by a territory rule and a round
/// robin among three reps, three fit scoring rules, bulk write, timeline lines, score history, change log) into
/// a fresh database, beside raw prepared INSERTs / binary COPY of the same final rows (leads with their owner and
/// score, the "assigned" timeline lines, the score history rows) into the same tables of a second fresh database.
/// </summary>
public static class LeadImportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = BenchOptions.Parse(args);
        var i = Array.IndexOf(args, "--rows");
        var rows = i >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 200_000;
        Console.WriteLine($"Lead import benchmark · {o.Provider} · {rows:N0} leads · {Environment.ProcessorCount} cores");
        var csv = Path.Combine(Path.GetTempPath(), $"rapport-leads-{rows}.csv");
        await WriteCsvAsync(csv, rows);

        double importRate, rawRate;
        await using (var db = await BenchDatabase.CreateAsync(o))
        {
            await using var services = await ServicesAsync(db);
            var (ws, user) = await SignUpAsync(services);
            using var scope = services.CreateScope();
            var sp = scope.ServiceProvider;
            sp.GetRequiredService<RequestContext>().Set(ws, Roles.Owner, user);
            await RulesAsync(sp);
            var sw = Stopwatch.StartNew();
            (string Token, string Path, long Bytes) stored;
            await using (var input = File.OpenRead(csv)) stored = await sp.GetRequiredService<ImportFiles>().SaveAsync(input, default);
            var job = await sp.GetRequiredService<CreateImport>().HandleAsync(new CreateImport.Options("lead", null, null, false, null), stored.Path, stored.Bytes, "leads.csv", default);
            var rdb = sp.GetRequiredService<RapportDb>();
            await rdb.Imports.Where(x => x.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ImportStatuses.Running));
            await services.GetRequiredService<ImportRunner>().RunAsync(ws, job.Id, null, default);
            sw.Stop();
            var report = await sp.GetRequiredService<GetImport>().HandleAsync(job.Id, 5);
            foreach (var e in report.Errors) Console.WriteLine($"  row {e.Row} {e.Column}: {e.Message}");
            Console.WriteLine($"import: {report.Status}, created {report.Counts.Created:N0}, failed {report.Counts.Failed:N0} in {sw.Elapsed.TotalSeconds:F1} s {report.Failure}");
            if (report.Counts.Created != rows) { Console.WriteLine("the import did not create every row"); return 1; }
            var owners = await rdb.Leads.GroupBy(l => l.AssignedByRule).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            Console.WriteLine($"  assigned: {string.Join(", ", owners.Select(x => $"{x.Key ?? "(no rule)"} {x.Count:N0}"))}; scored > 0: {await rdb.Leads.CountAsync(l => l.Score > 0):N0}");
            importRate = rows / sw.Elapsed.TotalSeconds;
        }

        await using (var db = await BenchDatabase.CreateAsync(o))
        {
            await using var services = await ServicesAsync(db);
            var (ws, user) = await SignUpAsync(services);
            Guid[] reps;
            using (var scope = services.CreateScope())
            {
                scope.ServiceProvider.GetRequiredService<RequestContext>().Set(ws, Roles.Owner, user);
                reps = await RepsAsync(scope.ServiceProvider);
            }
            var data = Rows(rows).Select(r => Final(r, reps)).ToList(); // owners and scores decided before the clock starts
            var sw = Stopwatch.StartNew();
            if (db.Provider == "Sqlite") RawSqlite(db.ConnectionString, ws, user, reps, data);
            else await RawPostgresAsync(db.ConnectionString, ws, user, reps, data);
            sw.Stop();
            Console.WriteLine($"raw: {rows:N0} leads in {sw.Elapsed.TotalSeconds:F1} s");
            rawRate = rows / sw.Elapsed.TotalSeconds;
        }
        File.Delete(csv);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"figure",-44} {"rows/s",10}\n{"lead import (CSV → validated, assigned, scored)",-44} {importRate,10:F0}\n{"raw prepared insert / COPY (limit)",-44} {rawRate,10:F0}\n{"ratio",-44} {importRate / rawRate,10:F2}"));
        return 0;
    }

    private static async Task<ServiceProvider> ServicesAsync(BenchDatabase db)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = db.Provider, ["ConnectionStrings:Rapport"] = db.ConnectionString,
            ["Imports:Directory"] = Path.Combine(Path.GetTempPath(), "rapport-bench-imports"),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddRapport(config).BuildServiceProvider();
        await services.GetRequiredService<Migrator>().MigrateAsync();
        return services;
    }

    private static async Task<(Guid, Guid)> SignUpAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var r = await scope.ServiceProvider.GetRequiredService<SignUp>().HandleAsync(new SignUp.Request("Bench", "Bench Owner", "bench@example.com", "benchmark password"), default);
        return (r.WorkspaceId, r.UserId);
    }

    private static async Task<Guid[]> RepsAsync(IServiceProvider sp)
    {
        var reps = new Guid[3];
        for (var k = 0; k < reps.Length; k++)
            reps[k] = (await sp.GetRequiredService<AddUser>().HandleAsync(new AddUser.Request($"rep{k}@example.com", $"Rep {k}", Roles.Sales, "benchmark password"), default)).Id;
        return reps;
    }

    /// <summary>Three reps; France and Germany by territory, the rest in turn; three fit rules.</summary>
    private static async Task RulesAsync(IServiceProvider sp)
    {
        var reps = await RepsAsync(sp);
        var assign = sp.GetRequiredService<ManageAssignmentRules>();
        await assign.CreateAsync(JsonNode.Parse($$"""
            {"name":"Europe","method":"territory","territories":[{"country":"FR","userId":"{{reps[0]}}"},{"country":"DE","userId":"{{reps[1]}}"}]}
            """)!.AsObject(), default);
        await assign.CreateAsync(JsonNode.Parse($$"""{"name":"Everyone else","method":"roundRobin","userIds":["{{reps[0]}}","{{reps[1]}}","{{reps[2]}}"]}""")!.AsObject(), default);
        var scoring = sp.GetRequiredService<ManageScoringRules>();
        await scoring.CreateAsync(JsonNode.Parse("""{"kind":"fit","field":"title","operator":"contains","value":"Director","points":15}""")!.AsObject(), default);
        await scoring.CreateAsync(JsonNode.Parse("""{"kind":"fit","field":"country","operator":"in","value":"FR, DE","points":5}""")!.AsObject(), default);
        await scoring.CreateAsync(JsonNode.Parse("""{"kind":"fit","field":"source","operator":"equals","value":"event","points":10}""")!.AsObject(), default);
    }

    private static readonly string[] First = ["Ada", "Grace", "Alan", "Marie", "Emmy", "Kurt", "Hedy", "Linus", "Barbara", "Edsger", "Frances", "Donald"];
    private static readonly string[] Last = ["Lovelace", "Hopper", "Turing", "Curie", "Noether", "Gödel", "Lamarr", "Torvalds", "Liskov", "Dijkstra", "Allen", "Knuth"];
    private static readonly string[] Titles = ["Sales Director", "Engineer", "CTO", "Buyer", "Director of IT", "Analyst"];
    private static readonly string[] Sources = ["web", "event", "referral"];
    private static readonly string[] Countries = ["GB", "FR", "DE", "US", "ES", "IT"];

    private sealed record Row(string First, string Last, string Email, string Phone, string Company, string Title, string Source, string Country);
    private sealed record FinalRow(Row Row, int Rep, string Rule, int Score);

    private static IEnumerable<Row> Rows(int n)
    {
        var rnd = new Random(7);
        for (var k = 0; k < n; k++)
        {
            var f = First[rnd.Next(First.Length)];
            var l = Last[rnd.Next(Last.Length)];
            yield return new Row(f, l, $"{f.ToLowerInvariant()}.{k}@example.com", $"+1415555{k % 10_000:D4}", $"Company {k % 5000}",
                Titles[rnd.Next(Titles.Length)], Sources[rnd.Next(Sources.Length)], Countries[rnd.Next(Countries.Length)]);
        }
    }

    private static int _turn;

    private static FinalRow Final(Row r, Guid[] reps)
    {
        var score = (r.Title.Contains("Director") ? 15 : 0) + (r.Country is "FR" or "DE" ? 5 : 0) + (r.Source == "event" ? 10 : 0);
        return r.Country switch
        {
            "FR" => new FinalRow(r, 0, "Europe", score),
            "DE" => new FinalRow(r, 1, "Europe", score),
            _ => new FinalRow(r, _turn++ % 3, "Everyone else", score),
        };
    }

    private static async Task WriteCsvAsync(string path, int n)
    {
        await using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var csv = new CsvOut(w);
        foreach (var h in new[] { "First name", "Last name", "E-mail", "Phone", "Company", "Job title", "Source", "Country" }) csv.Field(h);
        await csv.EndRowAsync();
        foreach (var r in Rows(n))
        {
            csv.Field(r.First); csv.Field(r.Last); csv.Field(r.Email); csv.Field(r.Phone); csv.Field(r.Company); csv.Field(r.Title); csv.Field(r.Source); csv.Field(r.Country);
            await csv.EndRowAsync();
        }
    }

    private const string LeadColumns = "workspace_id, id, first_name, last_name, email, phone, company, title, website, employees, industry, country, region, city, source, campaign, status, disqualified_reason, score, scored_at, owner_id, assigned_by_rule, consent, converted_contact_id, converted_account_id, converted_deal_id, converted_at, created_at, updated_at, deleted_at, version";
    private const string EventColumns = "workspace_id, id, lead_id, contact_id, type, detail, occurred_at, actor_user_id, created_at";
    private const string ScoreColumns = "workspace_id, id, lead_id, old_score, new_score, reason, created_at";

    private static void RawSqlite(string cs, Guid ws, Guid user, Guid[] reps, List<FinalRow> rows)
    {
        using var c = new SqliteConnection(cs);
        c.Open();
        using var lead = c.CreateCommand();
        lead.CommandText = $"INSERT INTO leads ({LeadColumns}) VALUES (@ws, @id, @first, @last, @email, @phone, @company, @title, NULL, NULL, NULL, @country, NULL, NULL, @source, NULL, 'new', NULL, @score, @scored, @owner, @rule, '{{}}', NULL, NULL, NULL, NULL, @now, @now, NULL, 0)";
        using var ev = c.CreateCommand();
        ev.CommandText = $"INSERT INTO lead_events ({EventColumns}) VALUES (@ws, @id, @lead, NULL, 'assigned', @detail, @now, @user, @now)";
        using var sc = c.CreateCommand();
        sc.CommandText = $"INSERT INTO lead_score_changes ({ScoreColumns}) VALUES (@ws, @id, @lead, 0, @score, 'imported', @now)";
        foreach (var n in new[] { "@ws", "@id", "@first", "@last", "@email", "@phone", "@company", "@title", "@country", "@source", "@score", "@scored", "@owner", "@rule", "@now" }) lead.Parameters.Add(new SqliteParameter(n, null));
        foreach (var n in new[] { "@ws", "@id", "@lead", "@detail", "@now", "@user" }) ev.Parameters.Add(new SqliteParameter(n, null));
        foreach (var n in new[] { "@ws", "@id", "@lead", "@score", "@now" }) sc.Parameters.Add(new SqliteParameter(n, null));
        var wsb = ws.ToByteArray(true);
        var userb = user.ToByteArray(true);
        var repb = reps.Select(r => r.ToByteArray(true)).ToArray();
        var now = DateTime.UtcNow;
        var tx = c.BeginTransaction();
        lead.Transaction = ev.Transaction = sc.Transaction = tx;
        lead.Prepare(); ev.Prepare(); sc.Prepare();
        var k = 0;
        foreach (var f in rows)
        {
            var r = f.Row;
            var id = Guid.CreateVersion7().ToByteArray(true);
            var p = lead.Parameters;
            p[0].Value = wsb; p[1].Value = id; p[2].Value = r.First; p[3].Value = r.Last; p[4].Value = r.Email; p[5].Value = r.Phone; p[6].Value = r.Company;
            p[7].Value = r.Title; p[8].Value = r.Country; p[9].Value = r.Source; p[10].Value = f.Score; p[11].Value = f.Score == 0 ? DBNull.Value : now;
            p[12].Value = repb[f.Rep]; p[13].Value = f.Rule; p[14].Value = now;
            lead.ExecuteNonQuery();
            var e = ev.Parameters;
            e[0].Value = wsb; e[1].Value = Guid.CreateVersion7().ToByteArray(true); e[2].Value = id; e[3].Value = $"Assigned to Rep {f.Rep} by rule '{f.Rule}'"; e[4].Value = now; e[5].Value = userb;
            ev.ExecuteNonQuery();
            if (f.Score != 0)
            {
                var s = sc.Parameters;
                s[0].Value = wsb; s[1].Value = Guid.CreateVersion7().ToByteArray(true); s[2].Value = id; s[3].Value = f.Score; s[4].Value = now;
                sc.ExecuteNonQuery();
            }
            if (++k % ImportRunner.ChunkRows == 0)
            {
                tx.Commit(); tx.Dispose();
                tx = c.BeginTransaction();
                lead.Transaction = ev.Transaction = sc.Transaction = tx;
            }
        }
        tx.Commit();
    }

    private static async Task RawPostgresAsync(string cs, Guid ws, Guid user, Guid[] reps, List<FinalRow> rows)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        var now = DateTime.UtcNow;
        foreach (var chunk in rows.Chunk(ImportRunner.ChunkRows))
        {
            await using var tx = await c.BeginTransactionAsync();
            var ids = chunk.Select(_ => Guid.CreateVersion7()).ToArray();
            await using (var w = await c.BeginBinaryImportAsync($"COPY leads ({LeadColumns}) FROM STDIN (FORMAT BINARY)"))
            {
                for (var k = 0; k < chunk.Length; k++)
                {
                    var (r, f) = (chunk[k].Row, chunk[k]);
                    await w.StartRowAsync();
                    w.Write(ws, NpgsqlDbType.Uuid); w.Write(ids[k], NpgsqlDbType.Uuid); w.Write(r.First); w.Write(r.Last); w.Write(r.Email); w.Write(r.Phone); w.Write(r.Company);
                    w.Write(r.Title); w.WriteNull(); w.WriteNull(); w.WriteNull(); w.Write(r.Country); w.WriteNull(); w.WriteNull(); w.Write(r.Source); w.WriteNull();
                    w.Write("new"); w.WriteNull(); w.Write(f.Score, NpgsqlDbType.Integer);
                    if (f.Score == 0) w.WriteNull(); else w.Write(now, NpgsqlDbType.TimestampTz);
                    w.Write(reps[f.Rep], NpgsqlDbType.Uuid); w.Write(f.Rule); w.Write("{}", NpgsqlDbType.Jsonb); w.WriteNull(); w.WriteNull(); w.WriteNull(); w.WriteNull();
                    w.Write(now, NpgsqlDbType.TimestampTz); w.Write(now, NpgsqlDbType.TimestampTz); w.WriteNull(); w.Write(0L, NpgsqlDbType.Bigint);
                }
                await w.CompleteAsync();
            }
            await using (var w = await c.BeginBinaryImportAsync($"COPY lead_events ({EventColumns}) FROM STDIN (FORMAT BINARY)"))
            {
                for (var k = 0; k < chunk.Length; k++)
                {
                    await w.StartRowAsync();
                    w.Write(ws, NpgsqlDbType.Uuid); w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid); w.Write(ids[k], NpgsqlDbType.Uuid); w.WriteNull(); w.Write("assigned");
                    w.Write($"Assigned to Rep {chunk[k].Rep} by rule '{chunk[k].Rule}'"); w.Write(now, NpgsqlDbType.TimestampTz); w.Write(user, NpgsqlDbType.Uuid); w.Write(now, NpgsqlDbType.TimestampTz);
                }
                await w.CompleteAsync();
            }
            await using (var w = await c.BeginBinaryImportAsync($"COPY lead_score_changes ({ScoreColumns}) FROM STDIN (FORMAT BINARY)"))
            {
                for (var k = 0; k < chunk.Length; k++)
                {
                    if (chunk[k].Score == 0) continue;
                    await w.StartRowAsync();
                    w.Write(ws, NpgsqlDbType.Uuid); w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid); w.Write(ids[k], NpgsqlDbType.Uuid); w.Write(0, NpgsqlDbType.Integer);
                    w.Write(chunk[k].Score, NpgsqlDbType.Integer); w.Write("imported"); w.Write(now, NpgsqlDbType.TimestampTz);
                }
                await w.CompleteAsync();
            }
            await tx.CommitAsync();
        }
    }
}
