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
        db.LeadEvents.Add(Assign(lead, pick, name, actorUserId, db.Now));
        return true;
    }

    /// <summary>Sets the owner and the rule on the lead; returns the timeline line that says so (the caller stores it).</summary>
    public static LeadEvent Assign(Lead lead, Pick pick, string userName, Guid? actorUserId, DateTime now)
    {
        lead.OwnerId = pick.UserId;
        lead.AssignedByRule = pick.Rule.Name;
        return new LeadEvent
        {
            WorkspaceId = lead.WorkspaceId, LeadId = lead.Id, Type = LeadEventTypes.Assigned, Detail = Truncate($"Assigned to {userName} by rule '{pick.Rule.Name}'", 500),
            OccurredAt = now, ActorUserId = actorUserId, CreatedAt = now,
        };
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

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
        if (MatchTerritory(territories, lead) is not { } match) return null;
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

    /// <summary>The territory of the lead's country and region (a region beats its whole country), or null.</summary>
    public static Territory? MatchTerritory(IEnumerable<Territory> territories, Lead lead) => lead.Country is null ? null : territories
        .Where(t => string.Equals(t.Country, lead.Country, StringComparison.OrdinalIgnoreCase)
            && (t.Region is null || string.Equals(t.Region, lead.Region, StringComparison.OrdinalIgnoreCase)))
        .OrderBy(t => t.Region is null)
        .FirstOrDefault();

    /// <summary>
    /// The rules applied to many arriving leads (the import) without a query per lead: the active rules,
    /// their candidates, the members and their names and the open-lead loads are read once; a lead is
    /// then matched in memory. Round robin takes its turns in blocks reserved with the same conditional
    /// UPDATE as a single arrival (one statement per <see cref="TurnBlock"/> leads), so an import never
    /// shares a turn with a lead arriving meanwhile, and <see cref="ReleaseAsync"/> hands back the turns
    /// a block did not use when nobody took a turn since. Least loaded counts the leads this batch gave.
    /// Without <c>reserve</c> (a dry run) the turns are only simulated from the stored counter.
    /// </summary>
    public async Task<Batch> BatchAsync(bool reserve, CancellationToken ct)
    {
        var rules = await db.AssignmentRules.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Position).ThenBy(r => r.CreatedAt).ToListAsync(ct);
        var members = (await db.Memberships.Where(m => m.DeactivatedAt == null).Select(m => m.UserId).ToListAsync(ct)).ToHashSet();
        var states = new List<Batch.RuleState>();
        foreach (var rule in rules)
        {
            var state = new Batch.RuleState(rule, JsonSerializer.Deserialize<List<LeadCondition>>(rule.Criteria, JsonDefaults.Options) ?? [])
            {
                Next = rule.RoundRobinCounter, End = rule.RoundRobinCounter,
            };
            if (rule.Method is AssignmentMethods.RoundRobin or AssignmentMethods.LeastLoaded) state.Candidates = await CandidatesAsync(rule, ct);
            if (rule.Method == AssignmentMethods.Territory)
                state.Territories = JsonSerializer.Deserialize<List<Territory>>(rule.Territories, JsonDefaults.Options) ?? [];
            if (rule.Method == AssignmentMethods.LeastLoaded && state.Candidates.Count > 0)
            {
                var ids = state.Candidates.Select(c => (Guid?)c).ToList();
                var loads = await db.Leads.Where(l => ids.Contains(l.OwnerId) && l.Status != LeadStatuses.Converted && l.Status != LeadStatuses.Disqualified)
                    .GroupBy(l => l.OwnerId).Select(g => new { OwnerId = g.Key, Count = g.Count() }).ToListAsync(ct);
                foreach (var c in state.Candidates) state.Loads[c] = loads.FirstOrDefault(x => x.OwnerId == c)?.Count ?? 0;
            }
            states.Add(state);
        }
        var people = states.SelectMany(s => s.Candidates.Concat(s.Territories.Select(t => t.UserId))).Distinct().ToList();
        var names = people.Count == 0 ? [] : await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return new Batch(db, states, members, names, reserve);
    }

    public sealed class Batch(RapportDb db, List<Batch.RuleState> rules, HashSet<Guid> members, Dictionary<Guid, string> names, bool reserve)
    {
        public const int TurnBlock = 256;

        public sealed class RuleState(AssignmentRule rule, List<LeadCondition> criteria)
        {
            public AssignmentRule Rule { get; } = rule;
            public List<LeadCondition> Criteria { get; } = criteria;
            public List<Guid> Candidates { get; set; } = [];
            public List<Territory> Territories { get; set; } = [];
            public Dictionary<Guid, int> Loads { get; } = [];
            /// <summary>Round robin: the next turn to give and the end of the reserved block.</summary>
            public long Next { get; set; }
            public long End { get; set; }
        }

        public string NameOf(Guid userId) => names.GetValueOrDefault(userId) ?? "(unknown user)";

        /// <summary>The rule and person for this lead, as <see cref="PickAsync(Lead, CancellationToken)"/> would choose; a query only to reserve a block of turns.</summary>
        public async Task<Pick?> PickAsync(Lead lead, CancellationToken ct)
        {
            foreach (var s in rules)
            {
                if (!s.Criteria.All(c => c.Matches(lead))) continue;
                Guid? user = null;
                switch (s.Rule.Method)
                {
                    case AssignmentMethods.RoundRobin when s.Candidates.Count > 0:
                        if (s.Next == s.End) await ReserveAsync(s, ct);
                        user = s.Candidates[(int)(s.Next % s.Candidates.Count)];
                        s.Next++;
                        break;
                    case AssignmentMethods.Territory:
                        if (MatchTerritory(s.Territories, lead) is { } t && members.Contains(t.UserId)) user = t.UserId;
                        break;
                    case AssignmentMethods.LeastLoaded when s.Candidates.Count > 0:
                        user = s.Candidates.OrderBy(c => s.Loads[c]).First();
                        break;
                }
                if (user is not { } u) continue;
                if (lead.IsOpen) foreach (var other in rules) if (other.Loads.ContainsKey(u)) other.Loads[u]++;
                return new Pick(u, s.Rule);
            }
            return null;
        }

        private async Task ReserveAsync(RuleState s, CancellationToken ct)
        {
            if (!reserve) { s.End = s.Next + TurnBlock; return; }
            var id = s.Rule.Id;
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var turn = await db.AssignmentRules.Where(r => r.Id == id).Select(r => r.RoundRobinCounter).SingleAsync(ct);
                var taken = await db.AssignmentRules.Where(r => r.Id == id && r.RoundRobinCounter == turn)
                    .ExecuteUpdateAsync(x => x.SetProperty(r => r.RoundRobinCounter, turn + TurnBlock), ct);
                if (taken == 1) { s.Next = turn; s.End = turn + TurnBlock; return; }
            }
            throw new ConflictException("Too many leads are being assigned at once; try again.");
        }

        /// <summary>Hands back the reserved turns not used (only if no one took a turn since), so the rotation goes on where this batch stopped.</summary>
        public async Task ReleaseAsync(CancellationToken ct)
        {
            if (!reserve) return;
            foreach (var s in rules.Where(s => s.End > s.Next))
            {
                var (id, end, next) = (s.Rule.Id, s.End, s.Next);
                await db.AssignmentRules.Where(r => r.Id == id && r.RoundRobinCounter == end)
                    .ExecuteUpdateAsync(x => x.SetProperty(r => r.RoundRobinCounter, next), ct);
                s.End = s.Next;
            }
        }
    }
}
