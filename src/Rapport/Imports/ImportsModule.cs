using System.Diagnostics;
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
        services.AddSingleton<ImportInstance>();
        services.AddSingleton<ImportSignal>();
        services.AddSingleton<ImportRunner>();
        services.AddScoped<CreateImport>();
        services.AddScoped<GetImport>();
        services.AddScoped<ListImports>();
        services.AddScoped<UndoImport>();
        services.AddScoped<RunImportForReal>();
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
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportRunner runner, ImportSignal signal, ImportInstance instance, IConfiguration config,
    TimeProvider clock, ILogger<ImportWorker> log)
    : BackgroundService
{
    public static async Task<(Guid WorkspaceId, Guid Id)?> ClaimNextAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.RapportDb>();
        var instance = scope.ServiceProvider.GetRequiredService<ImportInstance>();
        var next = await db.Imports.IgnoreQueryFilters().Where(i => i.Status == ImportStatuses.Queued).OrderBy(i => i.CreatedAt)
            .Select(i => new { i.WorkspaceId, i.Id }).FirstOrDefaultAsync(ct);
        if (next is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Imports.IgnoreQueryFilters().Where(i => i.WorkspaceId == next.WorkspaceId && i.Id == next.Id && i.Status == ImportStatuses.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatuses.Running).SetProperty(i => i.StartedAt, now).SetProperty(i => i.HeartbeatAt, now)
                .SetProperty(i => i.RunningOn, instance.Name), ct);
        return claimed == 1 ? (next.WorkspaceId, next.Id) : null;
    }

    private const string Interrupted =
        "The import was interrupted (the process running it stopped). The rows counted above were saved; undo them, or run the file again with \"skip\" to finish it.";

    /// <summary>A running import beats at every chunk (seconds apart); one silent this long was left by a process that stopped.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Marks imports left "running" by a process that stopped (no heartbeat for <see cref="StallAfter"/>) as failed, so
    /// they do not show as running forever; the chunks they committed are in their change log and can be undone.
    /// </summary>
    public static Task<int> FailStalledAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - StallAfter;
        return FailAsync(scopes, clock, q => q.Where(i => (i.HeartbeatAt ?? i.StartedAt ?? i.CreatedAt) < before), _ => true, ct);
    }

    /// <summary>
    /// Marks failed at once the running imports that a process on this machine claimed and that process is gone
    /// (<see cref="ImportInstance.HasStopped"/>): at start-up, the ones a crash or a kill left behind. Run on every poll, so a
    /// CLI import stopped with Ctrl-C is found too. Imports claimed on another machine wait for <see cref="FailStalledAsync"/>.
    /// </summary>
    public static Task<int> FailOrphanedAsync(IServiceScopeFactory scopes, TimeProvider clock, ImportInstance instance, CancellationToken ct) =>
        FailAsync(scopes, clock, q => q.Where(i => i.RunningOn != null), i => instance.HasStopped(i.RunningOn), ct);

    /// <summary>Fails the running imports the query and the check select, and deletes their files (a failed import cannot be run again).</summary>
    private static async Task<int> FailAsync(IServiceScopeFactory scopes, TimeProvider clock, Func<IQueryable<ImportJob>, IQueryable<ImportJob>> query,
        Func<ImportJob, bool> check, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.RapportDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await query(db.Imports.IgnoreQueryFilters().AsNoTracking().Where(i => i.Status == ImportStatuses.Running)).ToListAsync(ct);
        var failed = 0;
        foreach (var job in found.Where(check))
        {
            // Conditional on the state read (still running, same process, no beat since), so a job that moved on is left alone.
            var n = await db.Imports.IgnoreQueryFilters()
                .Where(i => i.WorkspaceId == job.WorkspaceId && i.Id == job.Id && i.Status == ImportStatuses.Running
                    && i.RunningOn == job.RunningOn && i.HeartbeatAt == job.HeartbeatAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, ImportStatuses.Failed)
                    .SetProperty(i => i.FinishedAt, now)
                    .SetProperty(i => i.Failure, Interrupted), ct);
            if (n == 0) continue;
            failed++;
            ImportRunner.TryDelete(job.FilePath);
        }
        return failed;
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
                // The first pass runs at start-up: what a crash of this server left running fails at once.
                if (await FailOrphanedAsync(scopes, clock, instance, stoppingToken) is > 0 and var orphaned)
                    log.LogWarning("{Count} import(s) left running by a stopped process on this machine marked failed", orphaned);
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

/// <summary>
/// This process as it marks the imports it claims: "machine/pid/id", the id a Guid made at start-up. Why all three: a
/// restarted process has a new id, so "mine" cannot mean "my id". On one machine (the supported deployment) the pid
/// tells whether the process that claimed an import is still there — a server or a CLI import, which share the
/// database — and the id tells a restarted process that got the same pid (pid 1 in a container) from its predecessor.
/// A dead pid reused by another process reads as alive, and imports claimed on another machine cannot be checked:
/// both are left to the 15-minute rule (<see cref="ImportWorker.StallAfter"/>). Two processes given the same machine
/// name but separate pid namespaces (containers with one hostname) on one database would fail each other's imports:
/// that is several instances, which Rapport does not support.
/// </summary>
public sealed class ImportInstance
{
    private readonly Func<int, bool> _isAlive;

    public ImportInstance() : this(Environment.MachineName, Environment.ProcessId, Guid.CreateVersion7(), IsAlive) { }

    /// <summary>For tests: another process, or this one seeing processes as <paramref name="isAlive"/> says.</summary>
    public ImportInstance(string machine, int processId, Guid id, Func<int, bool> isAlive)
    {
        Machine = machine; ProcessId = processId; Id = id; _isAlive = isAlive;
    }

    public string Machine { get; }
    public int ProcessId { get; }
    public Guid Id { get; }
    public string Name => $"{Machine}/{ProcessId}/{Id:N}";

    /// <summary>Whether the process that claimed an import as <paramref name="runningOn"/> is known to be gone.</summary>
    public bool HasStopped(string? runningOn)
    {
        var parts = runningOn?.Split('/');
        if (parts is not [var machine, var pidText, var id] || machine != Machine || !int.TryParse(pidText, out var pid)) return false;
        if (id == Id.ToString("N")) return false; // this process: it is running it now
        if (pid == ProcessId) return true;        // our pid, another id: the process before a restart
        return !_isAlive(pid);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }          // no such process
        catch (InvalidOperationException) { return false; }  // it exited meanwhile
    }
}
