using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Outbox;
using Rapport.Platform.Trash;

namespace Rapport.Platform;

/// <summary>Polls the outbox (Outbox:PollIntervalMs, default 1000; Outbox:Enabled=false switches it off).</summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, IConfiguration config, ILogger<OutboxWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Outbox:Enabled", true)) return;
        var interval = TimeSpan.FromMilliseconds(config.GetValue("Outbox:PollIntervalMs", 1000));
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try { handled = await dispatcher.DispatchDueAsync(ct: stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Outbox pass failed"); }
            if (handled == 0)
            {
                try { await Task.Delay(interval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}

/// <summary>Purges trash older than 30 days, workspace by workspace, every Trash:PurgeIntervalMinutes (default 60).</summary>
public sealed class TrashPurgeWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<TrashPurgeWorker> log) : BackgroundService
{
    public static async Task<int> PurgeAllAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        List<Guid> workspaces;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            var cutoff = clock.GetUtcNow().UtcDateTime - TrashBin.RetainFor;
            workspaces = await db.Trash.IgnoreQueryFilters().Where(t => t.CreatedAt < cutoff).Select(t => t.WorkspaceId).Distinct().ToListAsync(ct);
        }
        var purged = 0;
        foreach (var ws in workspaces)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(ws);
            purged += await scope.ServiceProvider.GetRequiredService<TrashBin>().PurgeExpiredAsync(ct);
        }
        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(config.GetValue("Trash:PurgeIntervalMinutes", 60.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var n = await PurgeAllAsync(scopes, clock, stoppingToken);
                if (n > 0) log.LogInformation("Purged {Count} records from the trash", n);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Trash purge failed"); }
            try { await Task.Delay(interval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
