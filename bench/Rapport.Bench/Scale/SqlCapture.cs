extern alias web;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Rapport.Bench.Scale;

internal sealed record CapturedParameter(string Name, string Kind, string? Value, int? NpgsqlDbType);
internal sealed record CapturedCommand(string Sql, List<CapturedParameter> Parameters);

/// <summary>
/// Records the SQL one request runs: the app is hosted in this process once (WebApplicationFactory,
/// background jobs off), and every command EF Core and search execute while the request runs is
/// captured from their DiagnosticListeners ("Microsoft.EntityFrameworkCore", "Rapport.Search"),
/// parameters included. The bare endpoint then replays exactly those commands: the limit runs the
/// same SQL (key lookup included), with nothing of Rapport around it.
/// </summary>
internal sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly string EfCommandExecuting = RelationalEventId.CommandExecuting.Name!;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly object _gate = new();
    private List<CapturedCommand>? _current;

    public SqlCapture() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public static async Task<Dictionary<string, List<CapturedCommand>>> RecordAsync(string provider, string connectionString, string key, IReadOnlyDictionary<string, string> urls)
    {
        using var capture = new SqlCapture();
        await using var app = new WebApplicationFactory<web::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:Provider", provider);
            b.UseSetting("ConnectionStrings:Rapport", connectionString);
            b.UseSetting("Database:MigrateOnStart", "false");
            b.UseSetting("Outbox:Enabled", "false");
            b.UseSetting("Trash:PurgeIntervalMinutes", "10000");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        (await http.GetAsync("/api/v1/me")).EnsureSuccessStatusCode();
        await Task.Delay(1000); // let the start-up trash purge finish before recording
        var result = new Dictionary<string, List<CapturedCommand>>();
        foreach (var (name, url) in urls)
        {
            // Twice: the first request of a kind may run one-off SQL (caches); the second is the steady state.
            (await http.GetAsync(url)).EnsureSuccessStatusCode();
            var commands = new List<CapturedCommand>();
            lock (capture._gate) capture._current = commands;
            var response = await http.GetAsync(url);
            lock (capture._gate) capture._current = null;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            result[name] = commands;
        }
        return result;
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.EntityFrameworkCore")
            _subscriptions.Add(listener.Subscribe(this, name => name == EfCommandExecuting));
        else if (listener.Name == Rapport.Search.SearchIndex.ListenerName)
            _subscriptions.Add(listener.Subscribe(this, name => name == Rapport.Search.SearchIndex.CommandExecutingEvent));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        var command = e.Value switch { CommandEventData d => d.Command, DbCommand c => c, _ => null };
        if (command is null) return;
        lock (_gate) _current?.Add(Capture(command));
    }

    private static CapturedCommand Capture(DbCommand cmd)
    {
        var ps = new List<CapturedParameter>();
        foreach (DbParameter p in cmd.Parameters)
        {
            int? npgsqlType = null;
            if (p is NpgsqlParameter np)
                try { npgsqlType = (int)np.NpgsqlDbType; } catch (Exception) { npgsqlType = null; }
            var (kind, value) = p.Value switch
            {
                null or DBNull => ("null", null),
                string s => ("string", s),
                byte[] b => ("bytes", Convert.ToBase64String(b)),
                Guid g => ("guid", g.ToString()),
                Guid[] gs => ("guid[]", string.Join(',', gs)),
                List<Guid> gl => ("guid[]", string.Join(',', gl)),
                string[] ss => ("string[]", JsonSerializer.Serialize(ss)),
                List<string> sl => ("string[]", JsonSerializer.Serialize(sl)),
                bool x => ("bool", x ? "true" : "false"),
                int or short or byte => ("int", Convert.ToString(p.Value, CultureInfo.InvariantCulture)),
                long => ("long", Convert.ToString(p.Value, CultureInfo.InvariantCulture)),
                double or float => ("double", Convert.ToString(p.Value, CultureInfo.InvariantCulture)),
                decimal m => ("decimal", m.ToString(CultureInfo.InvariantCulture)),
                DateTime d => ("datetime", d.ToString("O", CultureInfo.InvariantCulture)),
                DateOnly d => ("date", d.ToString("O", CultureInfo.InvariantCulture)),
                _ => throw new NotSupportedException($"Cannot record a parameter of type {p.Value.GetType()} ({cmd.CommandText})"),
            };
            ps.Add(new CapturedParameter(p.ParameterName, kind, value, npgsqlType));
        }
        return new CapturedCommand(cmd.CommandText, ps);
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        foreach (var s in _subscriptions) s.Dispose();
    }
}

/// <summary>Runs recorded commands through plain ADO.NET, reading every value of every row.</summary>
internal sealed class Replay : IAsyncDisposable
{
    private readonly DbConnection _c;
    private Replay(DbConnection c) => _c = c;

    public static async Task<Replay> OpenAsync(string provider, string connection)
    {
        DbConnection c = provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase)
            ? new Microsoft.Data.Sqlite.SqliteConnection(connection) : new NpgsqlConnection(connection);
        await c.OpenAsync();
        return new Replay(c);
    }

    public async Task<int> RunAsync(IReadOnlyList<CapturedCommand> commands)
    {
        var values = 0;
        foreach (var captured in commands)
        {
            await using var cmd = _c.CreateCommand();
            cmd.CommandText = captured.Sql;
            foreach (var p in captured.Parameters) cmd.Parameters.Add(Parameter(cmd, p));
            await using var r = await cmd.ExecuteReaderAsync();
            do
            {
                while (await r.ReadAsync())
                    for (var i = 0; i < r.FieldCount; i++) { _ = r.GetValue(i); values++; }
            } while (await r.NextResultAsync());
        }
        return values;
    }

    private static DbParameter Parameter(DbCommand cmd, CapturedParameter c)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = c.Name;
        p.Value = c.Kind switch
        {
            "null" => DBNull.Value,
            "string" => c.Value!,
            "bytes" => Convert.FromBase64String(c.Value!),
            "guid" => Guid.Parse(c.Value!),
            "guid[]" => c.Value!.Length == 0 ? Array.Empty<Guid>() : c.Value.Split(',').Select(Guid.Parse).ToArray(),
            "string[]" => JsonSerializer.Deserialize<string[]>(c.Value!)!,
            "bool" => c.Value == "true",
            "int" => int.Parse(c.Value!, CultureInfo.InvariantCulture),
            "long" => long.Parse(c.Value!, CultureInfo.InvariantCulture),
            "double" => double.Parse(c.Value!, CultureInfo.InvariantCulture),
            "decimal" => decimal.Parse(c.Value!, CultureInfo.InvariantCulture),
            "datetime" => DateTime.Parse(c.Value!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            "date" => DateOnly.Parse(c.Value!, CultureInfo.InvariantCulture),
            _ => throw new NotSupportedException(c.Kind),
        };
        if (p is NpgsqlParameter np && c.NpgsqlDbType is { } t && t != (int)NpgsqlDbType.Unknown) np.NpgsqlDbType = (NpgsqlDbType)t;
        return p;
    }

    public ValueTask DisposeAsync() => _c.DisposeAsync();
}
