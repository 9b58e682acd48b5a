using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Rapport.Bench;

/// <summary>The limit: the same SQL as Rapport's request, through plain ADO.NET, behind a bare endpoint.</summary>
internal static class BareServer
{
    public static async Task RunAsync(string[] args)
    {
        var (port, provider, connection) = (int.Parse(args[1]), args[2], args[3]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        // Scale mode: the SQL each measured Rapport request ran (recorded by SqlCapture), replayed as is.
        if (args.Length > 4)
        {
            var recorded = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, List<Scale.CapturedCommand>>>(await File.ReadAllTextAsync(args[4]))!;
            app.MapGet("/replay/{name}", async (string name) =>
            {
                if (!recorded.TryGetValue(name, out var commands)) return Results.NotFound();
                await using var replay = await Scale.Replay.OpenAsync(provider, connection);
                return Results.Json(new { values = await replay.RunAsync(commands) });
            });
        }
        app.MapGet("/me", async (HttpContext http) =>
        {
            var key = http.Request.Headers.Authorization.ToString()["Bearer ".Length..];
            await using var sql = await BareSql.OpenAsync(provider, connection);
            var me = await sql.MeAsync(key);
            return me is null ? Results.Unauthorized() : Results.Json(me);
        });
        await app.RunAsync();
    }
}

internal sealed record BareMe(Guid WorkspaceId, string WorkspaceName, string Role, Guid ApiKeyId);

/// <summary>Key by hash, then the workspace: what authenticating a request and reading /me costs in SQL.</summary>
internal sealed class BareSql : IAsyncDisposable
{
    private readonly DbConnection _c;
    private readonly bool _sqlite;
    private BareSql(DbConnection c, bool sqlite) { _c = c; _sqlite = sqlite; }

    public static async Task<BareSql> OpenAsync(string provider, string connection)
    {
        var sqlite = provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase);
        DbConnection c = sqlite ? new SqliteConnection(connection) : new NpgsqlConnection(connection);
        await c.OpenAsync();
        return new BareSql(c, sqlite);
    }

    public async Task<BareMe?> MeAsync(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        await using var cmd = _c.CreateCommand();
        cmd.CommandText = "SELECT workspace_id, id, role, revoked_at FROM api_keys WHERE key_hash = @h";
        var p = cmd.CreateParameter(); p.ParameterName = "@h"; p.Value = hash; cmd.Parameters.Add(p);
        object ws, id; string role;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            if (!await r.ReadAsync() || !r.IsDBNull(3)) return null;
            (ws, id, role) = (r.GetValue(0), r.GetValue(1), r.GetString(2));
        }
        await using var w = _c.CreateCommand();
        w.CommandText = "SELECT name FROM workspaces WHERE id = @w";
        var pw = w.CreateParameter(); pw.ParameterName = "@w"; pw.Value = ws; w.Parameters.Add(pw);
        var name = (string)(await w.ExecuteScalarAsync())!;
        return new BareMe(ToGuid(ws), name, role, ToGuid(id));
    }

    private Guid ToGuid(object v) => _sqlite ? new Guid((byte[])v, bigEndian: true) : (Guid)v;

    public ValueTask DisposeAsync() => _c.DisposeAsync();
}
