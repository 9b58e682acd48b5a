using System.Diagnostics;
using System.Globalization;
using System.Text;
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
using Rapport.Platform.Features;

namespace Rapport.Bench.Import;

/// <summary>
/// <c>bench … import [--provider sqlite|postgres] [--connection CS] [--rows N] [--undo]</c>: generates an N-contact CSV
/// (deterministic), imports it through the real handlers (CreateImport + ImportRunner: read, validate with
/// ContactWriter, match duplicates, bulk write, change log) into a fresh database, then inserts the same
/// rows (already normalized) with raw prepared statements / binary COPY into the same tables (contacts and
/// their stage history, same indexes, search triggers firing) of a second fresh database, and prints both.
/// </summary>
public static class ImportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = BenchOptions.Parse(args);
        var i = Array.IndexOf(args, "--rows");
        var rows = i >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 1_000_000;
        Console.WriteLine($"Import benchmark · {o.Provider} · {rows:N0} contacts · {Environment.ProcessorCount} cores");
        var csv = Path.Combine(Path.GetTempPath(), $"rapport-import-{rows}.csv");
        var gen = Stopwatch.StartNew();
        await WriteCsvAsync(csv, rows);
        Console.WriteLine($"CSV: {new FileInfo(csv).Length / 1024.0 / 1024.0:F1} MB written in {gen.Elapsed.TotalSeconds:F1} s");

        double importRate, rawRate;
        await using (var db = await BenchDatabase.CreateAsync(o))
        {
            await using var services = await ServicesAsync(db);
            var (ws, user) = await SignUpAsync(services);
            using var scope = services.CreateScope();
            var ctx = scope.ServiceProvider.GetRequiredService<RequestContext>();
            ctx.Set(ws, Roles.Owner, user);
            var sp = scope.ServiceProvider;
            var sw = Stopwatch.StartNew();
            (string Token, string Path, long Bytes) stored;
            await using (var input = File.OpenRead(csv)) stored = await sp.GetRequiredService<ImportFiles>().SaveAsync(input, default);
            var job = await sp.GetRequiredService<CreateImport>().HandleAsync(new CreateImport.Options("contact", null, null, false, null), stored.Path, stored.Bytes, "bench.csv", default);
            var rdb = sp.GetRequiredService<RapportDb>();
            await rdb.Imports.Where(x => x.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ImportStatuses.Running));
            var last = 0;
            await services.GetRequiredService<ImportRunner>().RunAsync(ws, job.Id, j =>
            {
                if (j.RowsRead - last >= 100_000) { last = j.RowsRead; Console.WriteLine($"  import: {j.RowsRead:N0} rows, {j.RowsRead / sw.Elapsed.TotalSeconds:F0} rows/s"); }
            }, default);
            sw.Stop();
            var report = await sp.GetRequiredService<GetImport>().HandleAsync(job.Id, 5);
            foreach (var e in report.Errors) Console.WriteLine($"  row {e.Row} {e.Column}: {e.Message}");
            Console.WriteLine($"import: {report.Status}, created {report.Counts.Created:N0}, failed {report.Counts.Failed:N0} in {sw.Elapsed.TotalSeconds:F1} s {report.Failure}");
            if (report.Counts.Created != rows) { Console.WriteLine("the import did not create every row"); return 1; }
            importRate = rows / sw.Elapsed.TotalSeconds;
            // Undo (with --undo): every created contact to the trash (a trash entry each, search documents dropped by the triggers).
            if (args.Contains("--undo"))
            {
                var undoClock = Stopwatch.StartNew();
                using var undoScope = services.CreateScope();
                undoScope.ServiceProvider.GetRequiredService<RequestContext>().Set(ws, Roles.Owner, user);
                var undone = await undoScope.ServiceProvider.GetRequiredService<UndoImport>().HandleAsync(job.Id, default);
                Console.WriteLine($"undo: {undone.Status} in {undoClock.Elapsed.TotalSeconds:F1} s ({rows / undoClock.Elapsed.TotalSeconds:F0} rows/s)");
            }
        }

        await using (var db = await BenchDatabase.CreateAsync(o))
        {
            await using var services = await ServicesAsync(db);
            var (ws, user) = await SignUpAsync(services);
            var data = Rows(rows).ToList(); // normalized values, built before the clock starts
            var sw = Stopwatch.StartNew();
            if (db.Provider == "Sqlite") RawSqlite(db.ConnectionString, ws, user, data);
            else await RawPostgresAsync(db.ConnectionString, ws, user, data);
            sw.Stop();
            Console.WriteLine($"raw: {rows:N0} contacts in {sw.Elapsed.TotalSeconds:F1} s");
            rawRate = rows / sw.Elapsed.TotalSeconds;
        }
        File.Delete(csv);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"figure",-40} {"rows/s",10}\n{"import (CSV → validated → written)",-40} {importRate,10:F0}\n{"raw prepared insert / COPY (limit)",-40} {rawRate,10:F0}\n{"ratio",-40} {importRate / rawRate,10:F2}"));
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

    private static readonly string[] First = ["Ada", "Grace", "Alan", "Marie", "Emmy", "Kurt", "Hedy", "Linus", "Barbara", "Edsger", "Frances", "Donald", "Margaret", "Niklaus", "Radia", "Tim"];
    private static readonly string[] Last = ["Lovelace", "Hopper", "Turing", "Curie", "Noether", "Gödel", "Lamarr", "Torvalds", "Liskov", "Dijkstra", "Allen", "Knuth", "Hamilton", "Wirth", "Perlman", "Berners-Lee"];
    private static readonly string[] Cities = ["London", "Paris", "Berlin", "Lyon", "Madrid", "Oslo", "Rome", "Vienna"];
    private static readonly string[] Countries = ["GB", "FR", "DE", "FR", "ES", "NO", "IT", "AT"];

    private sealed record Row(string First, string Last, string Email, string Phone, string City, string Country, DateOnly Birth, string ExternalId);

    private static IEnumerable<Row> Rows(int n)
    {
        var rnd = new Random(42);
        for (var k = 0; k < n; k++)
        {
            var f = First[rnd.Next(First.Length)];
            var l = Last[rnd.Next(Last.Length)];
            var c = rnd.Next(Cities.Length);
            yield return new Row(f, l, $"{f.ToLowerInvariant()}.{k}@example.com", $"+1415555{k % 10_000:D4}", Cities[c], Countries[c],
                new DateOnly(1950, 1, 1).AddDays(rnd.Next(18_000)), $"crm-{k}");
        }
    }

    private static async Task WriteCsvAsync(string path, int n)
    {
        await using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var csv = new CsvOut(w);
        foreach (var h in new[] { "First name", "Last name", "E-mail", "Phone", "City", "Country", "Birth date", "External ID" }) csv.Field(h);
        await csv.EndRowAsync();
        foreach (var r in Rows(n))
        {
            csv.Field(r.First); csv.Field(r.Last); csv.Field(r.Email); csv.Field(r.Phone); csv.Field(r.City); csv.Field(r.Country);
            csv.Field(r.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); csv.Field(r.ExternalId);
            await csv.EndRowAsync();
        }
    }

    private static string Emails(Row r) => $"[{{\"address\":\"{r.Email}\",\"label\":null,\"primary\":true}}]";
    private static string Phones(Row r) => $"[{{\"number\":\"{r.Phone}\",\"label\":null,\"primary\":true}}]";
    private static string Addresses(Row r) => $"[{{\"label\":null,\"street\":null,\"city\":\"{r.City}\",\"postcode\":null,\"region\":null,\"country\":\"{r.Country}\"}}]";

    private static void RawSqlite(string cs, Guid ws, Guid user, List<Row> rows)
    {
        using var c = new SqliteConnection(cs);
        c.Open();
        using var contact = c.CreateCommand();
        contact.CommandText = """
            INSERT INTO contacts (workspace_id, id, first_name, last_name, email, phone, emails, phones, addresses, birth_date, job_title, social, owner_id, source, lifecycle_stage, custom_fields, consent, external_id, created_at, updated_at, deleted_at, erased_at, version)
            VALUES (@ws, @id, @first, @last, @email, @phone, @emails, @phones, @addresses, @birth, NULL, '{}', @owner, NULL, 'awareness', '{}', '{}', @ext, @now, @now, NULL, NULL, 0)
            """;
        using var stage = c.CreateCommand();
        stage.CommandText = "INSERT INTO lifecycle_stage_changes (workspace_id, id, contact_id, from_stage, to_stage, changed_at, changed_by_user_id) VALUES (@ws, @id, @contact, NULL, 'awareness', @now, @user)";
        var wsb = ws.ToByteArray(true);
        var userb = user.ToByteArray(true);
        var now = DateTime.UtcNow;
        foreach (var name in new[] { "@ws", "@id", "@first", "@last", "@email", "@phone", "@emails", "@phones", "@addresses", "@birth", "@owner", "@ext", "@now" }) contact.Parameters.Add(new SqliteParameter(name, null));
        foreach (var name in new[] { "@ws", "@id", "@contact", "@now", "@user" }) stage.Parameters.Add(new SqliteParameter(name, null));
        var tx = c.BeginTransaction();
        contact.Transaction = tx; stage.Transaction = tx;
        contact.Prepare(); stage.Prepare();
        var n = 0;
        foreach (var r in rows)
        {
            var id = Guid.CreateVersion7().ToByteArray(true);
            var p = contact.Parameters;
            p[0].Value = wsb; p[1].Value = id; p[2].Value = r.First; p[3].Value = r.Last; p[4].Value = r.Email; p[5].Value = r.Phone;
            p[6].Value = Emails(r); p[7].Value = Phones(r); p[8].Value = Addresses(r); p[9].Value = r.Birth; p[10].Value = userb; p[11].Value = r.ExternalId; p[12].Value = now;
            contact.ExecuteNonQuery();
            var s = stage.Parameters;
            s[0].Value = wsb; s[1].Value = Guid.CreateVersion7().ToByteArray(true); s[2].Value = id; s[3].Value = now; s[4].Value = userb;
            stage.ExecuteNonQuery();
            if (++n % ImportRunner.ChunkRows == 0)
            {
                tx.Commit(); tx.Dispose();
                tx = c.BeginTransaction();
                contact.Transaction = tx; stage.Transaction = tx;
            }
        }
        tx.Commit();
    }

    private static async Task RawPostgresAsync(string cs, Guid ws, Guid user, List<Row> rows)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        var now = DateTime.UtcNow;
        foreach (var chunk in rows.Chunk(ImportRunner.ChunkRows))
        {
            await using var tx = await c.BeginTransactionAsync();
            var ids = chunk.Select(_ => Guid.CreateVersion7()).ToArray();
            await using (var w = await c.BeginBinaryImportAsync("COPY contacts (workspace_id, id, first_name, last_name, email, phone, emails, phones, addresses, birth_date, job_title, social, owner_id, source, lifecycle_stage, custom_fields, consent, external_id, created_at, updated_at, deleted_at, erased_at, version) FROM STDIN (FORMAT BINARY)"))
            {
                for (var k = 0; k < chunk.Length; k++)
                {
                    var r = chunk[k];
                    await w.StartRowAsync();
                    w.Write(ws, NpgsqlDbType.Uuid); w.Write(ids[k], NpgsqlDbType.Uuid); w.Write(r.First); w.Write(r.Last); w.Write(r.Email); w.Write(r.Phone);
                    w.Write(Emails(r), NpgsqlDbType.Jsonb); w.Write(Phones(r), NpgsqlDbType.Jsonb); w.Write(Addresses(r), NpgsqlDbType.Jsonb); w.Write(r.Birth, NpgsqlDbType.Date);
                    w.WriteNull(); w.Write("{}", NpgsqlDbType.Jsonb); w.Write(user, NpgsqlDbType.Uuid); w.WriteNull(); w.Write("awareness"); w.Write("{}", NpgsqlDbType.Jsonb);
                    w.Write("{}", NpgsqlDbType.Jsonb); w.Write(r.ExternalId); w.Write(now, NpgsqlDbType.TimestampTz); w.Write(now, NpgsqlDbType.TimestampTz); w.WriteNull(); w.WriteNull(); w.Write(0L, NpgsqlDbType.Bigint);
                }
                await w.CompleteAsync();
            }
            await using (var w = await c.BeginBinaryImportAsync("COPY lifecycle_stage_changes (workspace_id, id, contact_id, from_stage, to_stage, changed_at, changed_by_user_id) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var id in ids)
                {
                    await w.StartRowAsync();
                    w.Write(ws, NpgsqlDbType.Uuid); w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid); w.Write(id, NpgsqlDbType.Uuid); w.WriteNull(); w.Write("awareness");
                    w.Write(now, NpgsqlDbType.TimestampTz); w.Write(user, NpgsqlDbType.Uuid);
                }
                await w.CompleteAsync();
            }
            await tx.CommitAsync();
        }
    }
}
