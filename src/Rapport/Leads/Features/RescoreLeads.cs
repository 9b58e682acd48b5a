using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Leads.Features;

/// <summary>
/// Applies decay to stored scores: for each workspace with engagement rules, rescores the open
/// leads that have engagement events (a lead without any has a fit-only score that does not
/// decay). Scores are also recomputed whenever a lead is read through <c>…/score</c>.
/// </summary>
public sealed class RescoreLeads(IServiceScopeFactory scopes)
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<Guid> workspaces;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            workspaces = await db.ScoringRules.IgnoreQueryFilters().Where(r => r.Kind == ScoringKinds.Engagement).Select(r => r.WorkspaceId).Distinct().ToListAsync(ct);
        }
        var changed = 0;
        foreach (var workspaceId in workspaces)
        {
            Guid? after = null;
            while (true)
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(workspaceId);
                var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
                var q = db.Leads.Where(l => l.Status != LeadStatuses.Converted && l.Status != LeadStatuses.Disqualified
                    && db.LeadEvents.Any(e => e.LeadId == l.Id));
                if (after is { } a) q = q.Where(l => l.Id.CompareTo(a) > 0);
                var batch = await q.OrderBy(l => l.Id).Take(500).ToListAsync(ct);
                if (batch.Count == 0) break;
                await scope.ServiceProvider.GetRequiredService<LeadScorer>().RescoreAsync(batch, "decay", ct);
                changed += db.ChangeTracker.Entries<LeadScoreChange>().Count();
                await db.SaveChangesAsync(ct);
                after = batch[^1].Id;
            }
        }
        return changed;
    }
}

/// <summary>Runs <see cref="RescoreLeads"/> every Leads:RescoreIntervalMinutes (default 60); Leads:RescoreEnabled=false switches it off.</summary>
public sealed class LeadRescoreWorker(IServiceScopeFactory scopes, IConfiguration config, ILogger<LeadRescoreWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Leads:RescoreEnabled", true)) return;
        var interval = TimeSpan.FromMinutes(config.GetValue("Leads:RescoreIntervalMinutes", 60.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(interval, stoppingToken); }
            catch (OperationCanceledException) { return; }
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<RescoreLeads>().RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Lead rescoring pass failed"); }
        }
    }
}
