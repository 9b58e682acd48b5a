using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rapport.Imports.Features;

namespace Rapport.Imports;

public static class ImportsModule
{
    /// <summary>CSV imports: targets (contacts, accounts), the runner, the handlers.</summary>
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddSingleton<ImportFiles>();
        services.AddSingleton<ImportSignal>();
        services.AddSingleton<ImportRunner>();
        services.AddImportTarget<ContactImportTarget>().AddImportTarget<AccountImportTarget>();
        services.AddScoped<CreateImport>();
        services.AddScoped<GetImport>();
        services.AddScoped<ListImports>();
        services.AddScoped<UndoImport>();
        services.AddScoped<PreviewImport>();
        return services;
    }

    /// <summary>Another kind of record becomes importable: one class, one line in its module.</summary>
    public static IServiceCollection AddImportTarget<T>(this IServiceCollection services) where T : class, IImportTarget =>
        services.AddSingleton<IImportTarget, T>();

    /// <summary>The worker that runs queued imports; the web host runs it, the CLI runs its import itself.</summary>
    public static IServiceCollection AddImportJobs(this IServiceCollection services) => services.AddHostedService<ImportWorker>();
}

/// <summary>
/// Claims the oldest queued import of any workspace (a conditional UPDATE, so several instances never
/// run the same one) and runs it; Imports:PollIntervalMs (default 2000), woken at once by a new import
/// in this process. Imports:Enabled=false switches it off.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportRunner runner, ImportSignal signal, IConfiguration config, TimeProvider clock, ILogger<ImportWorker> log)
    : BackgroundService
{
    public static async Task<(Guid WorkspaceId, Guid Id)?> ClaimNextAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.RapportDb>();
        var next = await db.Imports.IgnoreQueryFilters().Where(i => i.Status == ImportStatuses.Queued).OrderBy(i => i.CreatedAt)
            .Select(i => new { i.WorkspaceId, i.Id }).FirstOrDefaultAsync(ct);
        if (next is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Imports.IgnoreQueryFilters().Where(i => i.WorkspaceId == next.WorkspaceId && i.Id == next.Id && i.Status == ImportStatuses.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatuses.Running).SetProperty(i => i.StartedAt, now).SetProperty(i => i.HeartbeatAt, now), ct);
        return claimed == 1 ? (next.WorkspaceId, next.Id) : null;
    }

    /// <summary>A running import beats at every chunk (seconds apart); one silent this long was left by a process that stopped.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Marks imports left "running" by a process that stopped (no heartbeat for <see cref="StallAfter"/>) as failed, so
    /// they do not show as running forever; the chunks they committed are in their change log and can be undone.
    /// </summary>
    public static async Task<int> FailStalledAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.RapportDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var before = now - StallAfter;
        return await db.Imports.IgnoreQueryFilters()
            .Where(i => i.Status == ImportStatuses.Running && (i.HeartbeatAt ?? i.StartedAt ?? i.CreatedAt) < before)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ImportStatuses.Failed)
                .SetProperty(i => i.FinishedAt, now)
                .SetProperty(i => i.Failure, "The import was interrupted (the process running it stopped). The rows counted above were saved; undo them, or run the file again with \"skip\" to finish it."), ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Imports:Enabled", true)) return;
        var interval = TimeSpan.FromMilliseconds(config.GetValue("Imports:PollIntervalMs", 2000));
        while (!stoppingToken.IsCancellationRequested)
        {
            (Guid, Guid)? claimed = null;
            try
            {
                if (await FailStalledAsync(scopes, clock, stoppingToken) is > 0 and var stalled) log.LogWarning("{Count} interrupted import(s) marked failed", stalled);
                claimed = await ClaimNextAsync(scopes, clock, stoppingToken);
                if (claimed is var (ws, id)) await runner.RunAsync(ws, id, null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Import pass failed"); }
            if (claimed is null)
            {
                try { await signal.WaitAsync(interval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
