using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.Bench;

// Scale benchmarks. Each figure is printed beside the limit measured in the same run: the same SQL
// through a plain ADO.NET command, and for HTTP a bare endpoint running that SQL.
//   dotnet run -c Release --project bench/Rapport.Bench -- [--provider sqlite|postgres] [--connection CS] [--requests N] [--concurrency C]
//   dotnet run -c Release --project bench/Rapport.Bench -- import [--provider sqlite|postgres] [--connection CS] [--rows N] (Import/ImportBench.cs)
//   dotnet run -c Release --project bench/Rapport.Bench -- import-leads [--provider sqlite|postgres] [--connection CS] [--rows N] (Import/LeadImportBench.cs)
//   dotnet run -c Release --project bench/Rapport.Bench -- scale [--provider sqlite|postgres] [--connection CS] [--data DIR] … (Scale/ScaleBench.cs)
//   dotnet run -c Release --project bench/Rapport.Bench -- duplicates [--data DIR] [--work DIR] [--provider …] (Duplicates/DuplicatesBench.cs)
if (args.Length > 0 && args[0] == "--serve-bare")
{
    await BareServer.RunAsync(args);
    return 0;
}
if (args.Length > 0 && args[0] == "import-leads")
    return await Rapport.Bench.Import.LeadImportBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "import")
    return await Rapport.Bench.Import.ImportBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "scale")
    return await Rapport.Bench.Scale.ScaleBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "duplicates")
    return await Rapport.Bench.Duplicates.DuplicatesBench.RunAsync(args[1..]);

var options = BenchOptions.Parse(args);
Console.WriteLine($"Rapport benchmark · {options.Provider} · {Environment.ProcessorCount} cores · {options.Requests} requests at concurrency {options.Concurrency}");
await using var database = await BenchDatabase.CreateAsync(options);

var rapportPort = FreePort();
using var rapport = Server.StartRapport(database, rapportPort);
await Server.WaitHealthyAsync($"http://127.0.0.1:{rapportPort}/health/ready");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{rapportPort}") };
var signup = await http.PostAsJsonAsync("/api/v1/signup", new { workspaceName = "Bench", name = "Bench Owner", email = "bench@example.com", password = "benchmark password" });
signup.EnsureSuccessStatusCode();
var key = (await signup.Content.ReadFromJsonAsync<SignUpResult>())!.ApiKey;

var barePort = FreePort();
using var bare = Server.Start("dotnet", [typeof(Program).Assembly.Location, "--serve-bare", barePort.ToString(), options.Provider, database.ConnectionString], []);
await Server.WaitHealthyAsync($"http://127.0.0.1:{barePort}/health");

var results = new List<(string Figure, Measurement Rapport, Measurement Limit)>();

// 1. An authenticated API call: key lookup by hash + the workspace row (GET /api/v1/me).
var meRapport = await Load.HttpAsync($"http://127.0.0.1:{rapportPort}/api/v1/me", key, options);
var meBare = await Load.HttpAsync($"http://127.0.0.1:{barePort}/me", key, options);
results.Add(("GET /api/v1/me over HTTP", meRapport, meBare));

// 2. The same work with no HTTP: Rapport's handlers (DI scope, EF) vs the raw ADO.NET commands.
var handlers = await Load.HandlersAsync(database, key, options.Requests);
var sqlOnly = await Load.SqlAsync(options.Provider, database.ConnectionString, key, options.Requests);
results.Add(("key + workspace lookup, no HTTP", handlers, sqlOnly));

Console.WriteLine();
Console.WriteLine($"{"figure",-34} {"Rapport req/s",14} {"p50 ms",8} {"p95 ms",8} | {"limit req/s",12} {"p50 ms",8} {"p95 ms",8} | {"ratio",6}");
foreach (var (figure, r, l) in results)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{figure,-34} {r.PerSecond,14:F0} {r.P50,8:F2} {r.P95,8:F2} | {l.PerSecond,12:F0} {l.P50,8:F2} {l.P95,8:F2} | {r.PerSecond / l.PerSecond,6:F2}"));
Console.WriteLine();
Console.WriteLine("limit = a bare ASP.NET endpoint (separate process, same machine) running the same SQL through ADO.NET; without HTTP, the raw ADO.NET commands.");
return 0;

static int FreePort()
{
    var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    var port = ((IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return port;
}

internal sealed record SignUpResult(Guid WorkspaceId, Guid UserId, string ApiKey);
