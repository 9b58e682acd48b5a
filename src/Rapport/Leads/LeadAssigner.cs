using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Leads;

/// <summary>
/// Applies the assignment rules to a lead: the first active rule (by position) whose criteria all
/// hold and whose method finds someone sets the owner. Round robin takes the next turn with a
/// conditional UPDATE on the rule's counter (retried if another arrival took it first), so
/// concurrent arrivals on several instances never share a turn. The lead records the rule's name
/// (<see cref="Lead.AssignedByRule"/>, in the audit entry of the change) and its timeline gets
/// "assigned to X by rule 'Y'".
/// </summary>
public sealed class LeadAssigner(RapportDb db)
{
    public sealed record Pick(Guid UserId, AssignmentRule Rule);
    public sealed record Territory(string Country, string? Region, Guid UserId);

    public async Task<Pick?> PickAsync(Lead lead, CancellationToken ct)
    {
        var rules = await db.AssignmentRules.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Position).ThenBy(r => r.CreatedAt).ToListAsync(ct);
        foreach (var rule in rules)
        {
            var criteria = JsonSerializer.Deserialize<List<LeadCondition>>(rule.Criteria, JsonDefaults.Options) ?? [];
            if (!criteria.All(c => c.Matches(lead))) continue;
            var user = rule.Method switch
            {
                AssignmentMethods.RoundRobin => await RoundRobinAsync(rule, ct),
                AssignmentMethods.Territory => await TerritoryAsync(rule, lead, ct),
                AssignmentMethods.LeastLoaded => await LeastLoadedAsync(rule, ct),
                _ => null,
            };
            if (user is { } u) return new Pick(u, rule);
        }
        return null;
    }

    /// <summary>Assigns the (tracked) lead by the rules; false when no rule applies. The caller saves.</summary>
    public async Task<bool> ApplyAsync(Lead lead, Guid? actorUserId, CancellationToken ct)
    {
        if (await PickAsync(lead, ct) is not { } pick) return false;
        var name = await db.Users.Where(u => u.Id == pick.UserId).Select(u => u.Name).SingleAsync(ct);
        lead.OwnerId = pick.UserId;
        lead.AssignedByRule = pick.Rule.Name;
        var now = db.Now;
        db.LeadEvents.Add(new LeadEvent
        {
            WorkspaceId = lead.WorkspaceId, LeadId = lead.Id, Type = LeadEventTypes.Assigned, Detail = $"Assigned to {name} by rule '{pick.Rule.Name}'",
            OccurredAt = now, ActorUserId = actorUserId, CreatedAt = now,
        });
        return true;
    }

    /// <summary>The rule's candidates in a stable order, active members only: its users, else its team's members.</summary>
    public async Task<List<Guid>> CandidatesAsync(AssignmentRule rule, CancellationToken ct)
    {
        var listed = JsonSerializer.Deserialize<List<Guid>>(rule.UserIds, JsonDefaults.Options) ?? [];
        var active = db.Memberships.Where(m => m.DeactivatedAt == null && m.Role != Roles.ReadOnly);
        if (listed.Count > 0)
        {
            var ok = await active.Where(m => listed.Contains(m.UserId)).Select(m => m.UserId).ToListAsync(ct);
            return listed.Where(ok.Contains).Distinct().ToList();
        }
        if (rule.TeamId is { } team)
            return await active.Where(m => m.TeamId == team).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => m.UserId).ToListAsync(ct);
        return [];
    }

    private async Task<Guid?> RoundRobinAsync(AssignmentRule rule, CancellationToken ct)
    {
        var candidates = await CandidatesAsync(rule, ct);
        if (candidates.Count == 0) return null;
        var id = rule.Id;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var turn = await db.AssignmentRules.Where(r => r.Id == id).Select(r => r.RoundRobinCounter).SingleAsync(ct);
            var taken = await db.AssignmentRules.Where(r => r.Id == id && r.RoundRobinCounter == turn)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.RoundRobinCounter, turn + 1), ct);
            if (taken == 1) return candidates[(int)(turn % candidates.Count)];
        }
        throw new ConflictException("Too many leads are being assigned at once; try again.");
    }

    private async Task<Guid?> TerritoryAsync(AssignmentRule rule, Lead lead, CancellationToken ct)
    {
        if (lead.Country is null) return null;
        var territories = JsonSerializer.Deserialize<List<Territory>>(rule.Territories, JsonDefaults.Options) ?? [];
        var match = territories
            .Where(t => string.Equals(t.Country, lead.Country, StringComparison.OrdinalIgnoreCase)
                && (t.Region is null || string.Equals(t.Region, lead.Region, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(t => t.Region is null) // a region beats its whole country
            .FirstOrDefault();
        if (match is null) return null;
        var userId = match.UserId;
        return await db.Memberships.AnyAsync(m => m.UserId == userId && m.DeactivatedAt == null, ct) ? userId : null;
    }

    private async Task<Guid?> LeastLoadedAsync(AssignmentRule rule, CancellationToken ct)
    {
        var candidates = await CandidatesAsync(rule, ct);
        if (candidates.Count == 0) return null;
        var ids = candidates.Select(c => (Guid?)c).ToList();
        var loads = await db.Leads.Where(l => ids.Contains(l.OwnerId) && l.Status != LeadStatuses.Converted && l.Status != LeadStatuses.Disqualified)
            .GroupBy(l => l.OwnerId).Select(g => new { OwnerId = g.Key, Count = g.Count() }).ToListAsync(ct);
        return candidates.OrderBy(c => loads.FirstOrDefault(x => x.OwnerId == c)?.Count ?? 0).First();
    }
}
