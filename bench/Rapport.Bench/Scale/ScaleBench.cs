using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Rapport.Bench.Scale;

internal sealed record ScaleOptions(string Provider, string? Connection, string? Data, ScaleSizes Sizes, int Requests, int Concurrency, int LatencyRequests, string? Only, bool Plans)
{
    public static ScaleOptions Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v.Replace("_", ""), CultureInfo.InvariantCulture) : fallback;
        var provider = (Get("--provider") ?? "sqlite").ToLowerInvariant();
        var connection = Get("--connection") ?? (provider == "postgres" ? Environment.GetEnvironmentVariable("RAPPORT_TEST_POSTGRES") : null);
        return new ScaleOptions(provider, connection, Get("--data"),
            new ScaleSizes(Int("--contacts", 1_000_000), Int("--accounts", 100_000), Int("--interactions", 5_000_000)),
            Int("--requests", 2000), Int("--concurrency", 8), Int("--latency-requests", 500), Get("--only"), args.Contains("--plans"));
    }
}

/// <summary>What a kept data set needs to be measured again (<c>--data DIR</c>): how to reach it, who, and the sample values.</summary>
internal sealed record ScaleState(string Provider, string ConnectionString, ScaleSizes Sizes, string OwnerKey,
    ScaleWorkspace Workspace, ScaleSamples Samples, double GenerationSeconds);

/// <summary>
/// <c>scale</c>: a million contacts, a hundred thousand accounts, five million interactions, then each
/// figure over HTTP beside its limit — a bare ASP.NET endpoint replaying exactly the SQL the Rapport
/// request ran (recorded once in-process, key lookup included) — at the load's concurrency and one
/// request at a time, and that SQL alone through plain ADO.NET.
/// </summary>
internal static class ScaleBench
{
    private sealed record Figure(string Name, string Url, bool AsSales = false);

    /// <summary>A measurement stops after this long with what it has (a slow figure would otherwise take hours).</summary>
    private const double MaxSeconds = 60;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = ScaleOptions.Parse(args);
        Console.WriteLine($"Rapport scale benchmark · {o.Provider} · {Environment.ProcessorCount} cores · {o.Sizes.Contacts:N0} contacts, {o.Sizes.Accounts:N0} accounts, {o.Sizes.Interactions:N0} interactions");
        var statePath = o.Data is null ? null : Path.Combine(o.Data, $"state-{o.Provider}.json");
        ScaleState? state = statePath is not null && File.Exists(statePath) ? JsonSerializer.Deserialize<ScaleState>(await File.ReadAllTextAsync(statePath)) : null;
        if (o.Data is not null) Directory.CreateDirectory(o.Data);

        await using var database = state is not null
            ? BenchDatabase.Existing(state.Provider, state.ConnectionString)
            : await BenchDatabase.CreateAsync(new BenchOptions(o.Provider, o.Connection, o.Requests, o.Concurrency),
                sqliteFile: o.Data is null ? null : Path.GetFullPath(Path.Combine(o.Data, "rapport.db")), keep: o.Data is not null);

        var reused = state is not null;
        if (state is null)
        {
            state = await GenerateAsync(database, o);
            if (statePath is not null) await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(state, new JsonSerializerOptions { WriteIndented = true }));
        }
        else Console.WriteLine($"reusing the data set in {o.Data} (generated in {state.GenerationSeconds:F0} s)");
        Console.WriteLine($"database size: {await SizeAsync(database) / 1024.0 / 1024.0:N0} MB");

        var s = state.Samples;
        // A key acting for sales rep 0 (team East: reps 0 and 1), so the rep's search sees their team's
        // and unowned records — about a third of the data — through CustomerAccess like a signed-in rep.
        var repKey = await CreateRepKeyAsync(database, state.Workspace);
        var figures = new List<Figure>
        {
            new($"search \"{s.PrefixQuery}\" (prefix)", $"/api/v1/search?q={Uri.EscapeDataString(s.PrefixQuery)}"),
            new($"search \"{s.NameQuery}\"", $"/api/v1/search?q={Uri.EscapeDataString(s.NameQuery)}"),
            new($"search \"{s.TypoQuery}\" (typo)", $"/api/v1/search?q={Uri.EscapeDataString(s.TypoQuery)}"),
            new($"search \"{s.EmailPrefixQuery}\"", $"/api/v1/search?q={Uri.EscapeDataString(s.EmailPrefixQuery)}"),
            new($"search \"{s.PhoneQuery}\"", $"/api/v1/search?q={Uri.EscapeDataString(s.PhoneQuery)}"),
            new($"search \"{s.DomainQuery}\"", $"/api/v1/search?q={Uri.EscapeDataString(s.DomainQuery)}"),
            new($"search \"{s.PrefixQuery}\" as a sales rep", $"/api/v1/search?q={Uri.EscapeDataString(s.PrefixQuery)}", AsSales: true),
            new("contacts: stage+tag+owner, by lastName", $"/api/v1/contacts?lifecycleStage={s.ListStage}&tag={s.ListTag}&ownerId={s.ListOwnerId}&sort=lastName"),
            new("contact by id", $"/api/v1/contacts/{s.ContactId}"),
            new("timeline page (busy contact)", $"/api/v1/contacts/{s.BusyContactId}/timeline"),
        };
        if (o.Only is not null) figures = figures.Where(f => f.Name.Contains(o.Only, StringComparison.OrdinalIgnoreCase)).ToList();

        // Which figures this build can answer (the timeline may not have landed yet).
        var rapportPort = FreePort();
        var recordedFile = Path.Combine(Path.GetTempPath(), $"rapport-bench-sql-{Guid.NewGuid():N}.json");
        Dictionary<string, List<CapturedCommand>> recorded;
        using (var probe = Server.StartRapport(database, rapportPort))
        {
            await Server.WaitHealthyAsync($"http://127.0.0.1:{rapportPort}/health/ready");
            // A kept data set may just have been migrated (new indexes): give the planner their statistics.
            if (reused) await AnalyzeAsync(database);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rapportPort}"), Timeout = TimeSpan.FromMinutes(5) };
            var answered = new List<Figure>();
            foreach (var f in figures)
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, f.Url);
                req.Headers.Authorization = new("Bearer", f.AsSales ? repKey : state.OwnerKey);
                var sw = Stopwatch.StartNew();
                var r = await http.SendAsync(req);
                var body = await r.Content.ReadAsStringAsync();
                if (r.IsSuccessStatusCode)
                {
                    answered.Add(f);
                    Console.WriteLine($"  {f.Name}: first answer in {sw.ElapsedMilliseconds} ms, {Summary(body)}");
                }
                else Console.WriteLine($"  {f.Name}: skipped, {f.Url} answered {(int)r.StatusCode}");
            }
            figures = answered;
        }
        // The SQL each request runs, recorded in-process (the same build, the same database).
        recorded = [];
        foreach (var group in figures.GroupBy(f => f.AsSales))
        {
            var part = await SqlCapture.RecordAsync(state.Provider, database.ConnectionString, group.Key ? repKey : state.OwnerKey,
                group.ToDictionary(f => Slug(f.Name), f => f.Url));
            foreach (var (k, v) in part) recorded[k] = v;
        }
        foreach (var f in figures) Console.WriteLine($"  {f.Name}: {recorded[Slug(f.Name)].Count} SQL statements per request");
        await File.WriteAllTextAsync(recordedFile, JsonSerializer.Serialize(recorded));
        if (o.Plans)
        {
            // Profiling: each recorded statement, its parameters, its plan and its time; no load.
            foreach (var f in figures)
                foreach (var c in recorded[Slug(f.Name)])
                    Console.WriteLine($"--- {f.Name}\n{c.Sql}\n    {string.Join(", ", c.Parameters.Select(p => $"{p.Name}={p.Value}"))}\n{await Replay.ExplainAsync(state.Provider, database.ConnectionString, c)}");
            return 0;
        }

        rapportPort = FreePort();
        using var rapport = Server.StartRapport(database, rapportPort);
        await Server.WaitHealthyAsync($"http://127.0.0.1:{rapportPort}/health/ready");
        var barePort = FreePort();
        using var bare = Server.Start("dotnet", [typeof(ScaleBench).Assembly.Location, "--serve-bare", barePort.ToString(CultureInfo.InvariantCulture), state.Provider.ToLowerInvariant(), database.ConnectionString, recordedFile], []);
        await Server.WaitHealthyAsync($"http://127.0.0.1:{barePort}/health");

        var rows = new List<(string Name, Measurement R, Measurement B, Measurement R1, Measurement B1, Measurement Sql)>();
        var warm = 10;
        foreach (var f in figures)
        {
            var key = f.AsSales ? repKey : state.OwnerKey;
            var name = Slug(f.Name);
            Console.Error.WriteLine($"measuring {f.Name} …");
            var r = await Load.HttpAsync($"http://127.0.0.1:{rapportPort}{f.Url}", key, o.Requests, o.Concurrency, warm, MaxSeconds);
            var b = await Load.HttpAsync($"http://127.0.0.1:{barePort}/replay/{name}", key, o.Requests, o.Concurrency, warm, MaxSeconds);
            var r1 = await Load.HttpAsync($"http://127.0.0.1:{rapportPort}{f.Url}", key, o.LatencyRequests, 1, 2, MaxSeconds);
            var b1 = await Load.HttpAsync($"http://127.0.0.1:{barePort}/replay/{name}", key, o.LatencyRequests, 1, 2, MaxSeconds);
            var sql = await SqlOnlyAsync(state.Provider, database.ConnectionString, recorded[name], o.LatencyRequests);
            rows.Add((f.Name, r, b, r1, b1, sql));
            warm = 4;
        }
        File.Delete(recordedFile);

        Console.WriteLine();
        Console.WriteLine($"Over HTTP at concurrency {o.Concurrency} (throughput) and 1 (latency); \"bare\" = a plain ASP.NET endpoint replaying the same SQL through ADO.NET; \"SQL\" = that SQL alone, in-process, one at a time. Times in ms.");
        Console.WriteLine();
        Console.WriteLine($"| figure | Rapport req/s | p50 | p95 | bare req/s | p50 | p95 | ratio | Rapport c=1 p50 | p95 | bare c=1 p50 | p95 | SQL p50 | p95 |");
        Console.WriteLine($"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var (n, r, b, r1, b1, sql) in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {r.PerSecond:F0} | {r.P50:F1} | {r.P95:F1} | {b.PerSecond:F0} | {b.P50:F1} | {b.P95:F1} | {r.PerSecond / b.PerSecond:F2} | {r1.P50:F1} | {r1.P95:F1} | {b1.P50:F1} | {b1.P95:F1} | {sql.P50:F2} | {sql.P95:F2} |"));
        Console.WriteLine();
        Console.WriteLine("Targets (2 cores): search p95 ≤ 20 ms, filtered list p95 ≤ 30 ms, contact by id ≥ 0.5 × the bare endpoint's req/s.");
        return 0;
    }

    private static string Summary(string body)
    {
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.TryGetProperty("items", out var items)) return $"{items.GetArrayLength()} items";
        return $"{body.Length} bytes";
    }

    private static string Slug(string name) => new(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    internal static async Task<ScaleState> GenerateAsync(BenchDatabase database, ScaleOptions o)
    {
        // 1. The schema, the workspace and its people, through the real server and its API.
        var port = FreePort();
        ScaleWorkspace ws;
        string ownerKey;
        using (var server = Server.StartRapport(database, port))
        {
            await Server.WaitHealthyAsync($"http://127.0.0.1:{port}/health/ready");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var signup = await http.PostAsJsonAsync("/api/v1/signup", new { workspaceName = "Scale", name = "Olivia Owner", email = "owner@scale.example", password = "benchmark password" });
            signup.EnsureSuccessStatusCode();
            var su = (await signup.Content.ReadFromJsonAsync<SignUpResult>())!;
            ownerKey = su.ApiKey;
            http.DefaultRequestHeaders.Authorization = new("Bearer", ownerKey);
            async Task<Guid> PostAsync(string url, object body)
            {
                var r = await http.PostAsJsonAsync(url, body);
                var text = await r.Content.ReadAsStringAsync();
                if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"POST {url}: {(int)r.StatusCode} {text}");
                using var doc = JsonDocument.Parse(text);
                return doc.RootElement.TryGetProperty("id", out var id) ? id.GetGuid() : Guid.Empty;
            }
            var east = await PostAsync("/api/v1/teams", new { name = "Sales East" });
            var west = await PostAsync("/api/v1/teams", new { name = "Sales West" });
            var sales = new Guid[4];
            for (var i = 0; i < sales.Length; i++)
                sales[i] = await PostAsync("/api/v1/users", new { email = $"rep{i}@scale.example", name = $"Rep {i}", role = "sales", password = "benchmark password", teamId = i < 2 ? east : west });
            var manager = await PostAsync("/api/v1/users", new { email = "manager@scale.example", name = "Manny Manager", role = "manager", password = "benchmark password" });
            await PostAsync("/api/v1/custom-fields", new { entity = "contact", key = "shoeSize", label = "Shoe size", type = "number" });
            await PostAsync("/api/v1/custom-fields", new { entity = "contact", key = "preferredChannel", label = "Preferred channel", type = "singleSelect", options = new[] { "email", "phone", "sms" } });
            ws = new ScaleWorkspace(su.WorkspaceId, su.UserId, sales, manager);
        }

        // 2. The data, raw: prepared SqliteCommands in big transactions / binary COPY. The search triggers run.
        var generator = new DataGenerator(ws, o.Sizes);
        var sw = Stopwatch.StartNew();
        var last = Stopwatch.StartNew();
        void Progress(string what)
        {
            if (last.ElapsedMilliseconds < 5000 && !what.EndsWith('0')) return;
            last.Restart();
            Console.Error.WriteLine($"  {sw.Elapsed.TotalSeconds,6:F0} s  {what}");
        }
        var write = database.Provider == "Sqlite"
            ? await DataGenerator.WriteSqliteAsync(database.ConnectionString, generator, Progress)
            : await DataGenerator.WritePostgresAsync(database.ConnectionString, generator, Progress);
        Console.WriteLine($"generated in {write.TotalSeconds:F0} s ({(o.Sizes.Contacts + o.Sizes.Accounts + o.Sizes.Interactions) / write.TotalSeconds:N0} rows/s; search index maintained by the triggers)");

        // 3. What an import ends with: statistics for the planner.
        await AnalyzeAsync(database, vacuum: true);
        return new ScaleState(database.Provider, database.ConnectionString, o.Sizes, ownerKey, ws, generator.Samples(), sw.Elapsed.TotalSeconds);
    }

    private static async Task<string> CreateRepKeyAsync(BenchDatabase database, ScaleWorkspace ws)
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(database.Environment().ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value)).Build();
        await using var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddLogging().AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(config).AddRapport(config).BuildServiceProvider();
        using var scope = services.CreateScope();
        // CreateApiKey records the acting user as the key's creator, and a key acts for its creator.
        scope.ServiceProvider.GetRequiredService<Rapport.Common.RequestContext>().Set(ws.WorkspaceId, Rapport.Common.Roles.Owner, userId: ws.SalesUserIds[0]);
        var created = await scope.ServiceProvider.GetRequiredService<Rapport.Platform.Features.CreateApiKey>()
            .HandleAsync(new Rapport.Platform.Features.CreateApiKey.Request("Rep 0", Rapport.Common.Roles.Sales), default);
        return created.Key;
    }

    private static async Task AnalyzeAsync(BenchDatabase database, bool vacuum = false)
    {
        var sql = database.Provider == "Sqlite" ? "ANALYZE" : vacuum ? "VACUUM ANALYZE" : "ANALYZE";
        var sw = Stopwatch.StartNew();
        await using var c = Open(database);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandTimeout = 0;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
        Console.WriteLine($"{sql} in {sw.Elapsed.TotalSeconds:F0} s");
    }

    private static System.Data.Common.DbConnection Open(BenchDatabase d) =>
        d.Provider == "Sqlite" ? new SqliteConnection(d.ConnectionString) : new NpgsqlConnection(d.ConnectionString);

    private static async Task<long> SizeAsync(BenchDatabase d)
    {
        if (d.Provider == "Sqlite")
        {
            var file = new SqliteConnectionStringBuilder(d.ConnectionString).DataSource;
            return new[] { file, file + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        }
        await using var c = new NpgsqlConnection(d.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_database_size(current_database())", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<Measurement> SqlOnlyAsync(string provider, string connection, List<CapturedCommand> commands, int requests)
    {
        await using var replay = await Replay.OpenAsync(provider, connection);
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(2)) await replay.RunAsync(commands);
        var latencies = new double[requests];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            await replay.RunAsync(commands);
            latencies[i] = sw.Elapsed.TotalMilliseconds;
        }
        return Load.Summarize(latencies, total.Elapsed);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
