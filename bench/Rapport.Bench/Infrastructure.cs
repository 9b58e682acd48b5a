using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rapport;

namespace Rapport.Bench;

internal sealed record BenchOptions(string Provider, string? Connection, int Requests, int Concurrency)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var provider = Get("--provider", Environment.GetEnvironmentVariable("RAPPORT_TEST_POSTGRES") is { Length: > 0 } && args.Contains("--postgres") ? "postgres" : "sqlite").ToLowerInvariant();
        var connection = Get("--connection", provider == "postgres" ? Environment.GetEnvironmentVariable("RAPPORT_TEST_POSTGRES") ?? "" : "");
        return new BenchOptions(provider, connection.Length == 0 ? null : connection,
            int.Parse(Get("--requests", "5000"), CultureInfo.InvariantCulture), int.Parse(Get("--concurrency", "8"), CultureInfo.InvariantCulture));
    }
}

/// <summary>A fresh database for one run: a temp SQLite file, or a new PostgreSQL database (dropped at the end).</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public string Provider { get; private init; } = "";
    public string ConnectionString { get; private init; } = "";
    private string? _file, _pgServer, _pgName;

    /// <summary>Kept at the end (the scale mode's <c>--data</c> folder): not deleted, not dropped.</summary>
    public bool Keep { get; init; }

    /// <summary>A database a previous run created and kept.</summary>
    public static BenchDatabase Existing(string provider, string connectionString) =>
        new() { Provider = provider, ConnectionString = connectionString, Keep = true };

    public static async Task<BenchDatabase> CreateAsync(BenchOptions o, string? sqliteFile = null, bool keep = false)
    {
        if (o.Provider == "sqlite")
        {
            var file = sqliteFile ?? Path.Combine(Path.GetTempPath(), $"rapport-bench-{Guid.NewGuid():N}.db");
            return new BenchDatabase { Provider = "Sqlite", ConnectionString = $"Data Source={file}", _file = file, Keep = keep };
        }
        var server = o.Connection ?? throw new ArgumentException("PostgreSQL needs --connection or RAPPORT_TEST_POSTGRES.");
        var name = $"rapport_bench_{Guid.NewGuid():N}";
        await using (var c = new NpgsqlConnection(server))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return new BenchDatabase { Provider = "Postgres", ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString(), _pgServer = server, _pgName = name, Keep = keep };
    }

    public Dictionary<string, string> Environment(params (string, string)[] extra)
    {
        var env = new Dictionary<string, string> { ["Database__Provider"] = Provider, ["ConnectionStrings__Rapport"] = ConnectionString };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (Keep) return;
        if (_file is not null)
        {
            var size = new FileInfo(_file).Exists ? new FileInfo(_file).Length : 0;
            Console.WriteLine($"database file: {size / 1024.0 / 1024.0:F1} MB");
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) try { File.Delete(f); } catch (IOException) { }
        }
        if (_pgName is not null)
        {
            await using var c = new NpgsqlConnection(_pgServer);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)", c);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

internal sealed class Server : IDisposable
{
    private readonly Process _process;
    private Server(Process p) => _process = p;

    public static Server Start(string file, string[] args, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"[{Path.GetFileName(args[0])}] {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new Server(p);
    }

    /// <summary>The real server, Release or Debug like this benchmark, on a loopback port, in Production.</summary>
    public static Server StartRapport(BenchDatabase database, int port, params (string, string)[] settings)
    {
        // bench/Rapport.Bench/bin/<Configuration>/net10.0/ → the web app built with the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        var web = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Rapport.Web", "bin", configuration, "net10.0", "Rapport.Web.dll");
        return Start("dotnet", [Path.GetFullPath(web), "--urls", $"http://127.0.0.1:{port}"],
            database.Environment([("ASPNETCORE_ENVIRONMENT", "Production"), ("Logging__LogLevel__Default", "Warning"), ("RateLimits__ApiPerMinute", "100000000"), .. settings]));
    }

    public static async Task WaitHealthyAsync(string url)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 1200; i++)
        {
            try { if ((await http.GetAsync(url)).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} did not become healthy.");
    }

    public void Dispose()
    {
        try { _process.Kill(entireProcessTree: true); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}

internal sealed record Measurement(double PerSecond, double P50, double P95);

internal static class Load
{
    /// <summary>Warm-up, then <c>Requests</c> GETs spread over <c>Concurrency</c> workers; every answer must be 200.</summary>
    public static Task<Measurement> HttpAsync(string url, string key, BenchOptions o) => HttpAsync(url, key, o.Requests, o.Concurrency);

    /// <param name="minWarmSeconds">At least this long a warm-up (10 s for a cold server; less for a new URL on a warm one).</param>
    public static async Task<Measurement> HttpAsync(string url, string key, int requests, int concurrency, int minWarmSeconds = 10)
    {
        var o = new BenchOptions("", null, requests, concurrency);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency });
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        // Warm up in 1-second windows for at least 10 s, then until throughput stops rising (at most
        // 30 s): the JIT's tiering and PGO take ~10 s to settle on a large app (seen: a plateau at a
        // third of the final rate for 4 s), and a short warm-up measures the JIT, not the app.
        double previous = 0;
        for (var window = 0; window < 30; window++)
        {
            var count = 0;
            var sw = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async _ =>
            {
                while (sw.Elapsed < TimeSpan.FromSeconds(1))
                {
                    (await http.GetAsync(url)).EnsureSuccessStatusCode();
                    Interlocked.Increment(ref count);
                }
            }));
            var rate = count / sw.Elapsed.TotalSeconds;
            if (window >= minWarmSeconds && rate < previous * 1.03) break;
            previous = Math.Max(previous, rate);
        }
        var latencies = new double[o.Requests];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < o.Requests)
            {
                var sw = Stopwatch.StartNew();
                using var r = await http.GetAsync(url);
                await r.Content.ReadAsByteArrayAsync();
                if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)r.StatusCode}");
                latencies[i] = sw.Elapsed.TotalMilliseconds;
            }
        }));
        return Summarize(latencies, total.Elapsed);
    }

    /// <summary>What a request does in Rapport minus HTTP: a DI scope, the key check and the workspace read, through EF.</summary>
    public static async Task<Measurement> HandlersAsync(BenchDatabase database, string key, int requests)
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(database.Environment().ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value)).Build();
        await using var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddLogging().AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(config).AddRapport(config).BuildServiceProvider();
        async Task Once()
        {
            using var scope = services.CreateScope();
            var sp = scope.ServiceProvider;
            var auth = await sp.GetRequiredService<Rapport.Platform.Features.AuthenticateApiKey>().HandleAsync(key, default)
                ?? throw new InvalidOperationException("The key did not authenticate.");
            sp.GetRequiredService<Rapport.Common.RequestContext>().Set(auth.WorkspaceId, auth.Role, apiKeyId: auth.ApiKeyId);
            await sp.GetRequiredService<Rapport.Platform.Features.GetWorkspace>().HandleAsync(default);
        }
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(5)) await Once();
        var latencies = new double[requests];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            await Once();
            latencies[i] = sw.Elapsed.TotalMilliseconds;
        }
        return Summarize(latencies, total.Elapsed);
    }

    public static async Task<Measurement> SqlAsync(string provider, string connection, string key, int requests)
    {
        await using var sql = await BareSql.OpenAsync(provider, connection);
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(3)) await sql.MeAsync(key);
        var latencies = new double[requests];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            await sql.MeAsync(key);
            latencies[i] = sw.Elapsed.TotalMilliseconds;
        }
        return Summarize(latencies, total.Elapsed);
    }

    internal static Measurement Summarize(double[] latencies, TimeSpan elapsed)
    {
        Array.Sort(latencies);
        return new Measurement(latencies.Length / elapsed.TotalSeconds, latencies[(int)(latencies.Length * 0.50)], latencies[(int)(latencies.Length * 0.95)]);
    }
}
