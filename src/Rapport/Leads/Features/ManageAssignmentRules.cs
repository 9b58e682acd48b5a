using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Leads.Features;

/// <summary>
/// Assignment rules (<c>/api/v1/assignment-rules</c>):
/// <c>{"name","position","active","criteria":[{"field","operator","value"}],"method":"roundRobin|territory|leastLoaded",
/// "userIds":[…],"teamId","territories":[{"country","region","userId"}]}</c>. Owners and admins manage them.
/// </summary>
public sealed class ManageAssignmentRules(RapportDb db, RequestContext ctx)
{
    public sealed record RuleDto(Guid Id, string Name, int Position, bool Active, IReadOnlyList<LeadCondition> Criteria, string Method,
        IReadOnlyList<Guid> UserIds, Guid? TeamId, IReadOnlyList<LeadAssigner.Territory> Territories, DateTime CreatedAt, DateTime UpdatedAt, long Version)
    {
        public static RuleDto From(AssignmentRule r) => new(r.Id, r.Name, r.Position, r.Active,
            JsonSerializer.Deserialize<List<LeadCondition>>(r.Criteria, JsonDefaults.Options) ?? [], r.Method,
            JsonSerializer.Deserialize<List<Guid>>(r.UserIds, JsonDefaults.Options) ?? [], r.TeamId,
            JsonSerializer.Deserialize<List<LeadAssigner.Territory>>(r.Territories, JsonDefaults.Options) ?? [], r.CreatedAt, r.UpdatedAt, r.Version);

        public string CriteriaText => Criteria.Count == 0 ? "every lead" : string.Join(" and ", Criteria.Select(c => c.Describe()));
    }

    public async Task<IReadOnlyList<RuleDto>> ListAsync(CancellationToken ct) =>
        (await db.AssignmentRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.CreatedAt).ToListAsync(ct)).Select(RuleDto.From).ToList();

    public async Task<RuleDto> GetAsync(Guid id, CancellationToken ct) => RuleDto.From(await FindAsync(id, ct, tracked: false));

    public async Task<RuleDto> CreateAsync(JsonObject body, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var now = db.Now;
        var last = await db.AssignmentRules.MaxAsync(r => (int?)r.Position, ct) ?? 0;
        var rule = new AssignmentRule { WorkspaceId = ctx.WorkspaceId, CreatedAt = now, Position = last + 1 };
        await ApplyAsync(rule, body, creating: true, ct);
        rule.UpdatedAt = now;
        db.AssignmentRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return RuleDto.From(rule);
    }

    public async Task<RuleDto> UpdateAsync(Guid id, JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var rule = await FindAsync(id, ct, tracked: true);
        if (ifMatch is { } v && v != rule.Version) throw new PreconditionFailedException();
        await ApplyAsync(rule, patch, creating: false, ct);
        rule.UpdatedAt = db.Now;
        await db.SaveChangesAsync(ct);
        return RuleDto.From(rule);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        db.AssignmentRules.Remove(await FindAsync(id, ct, tracked: true));
        await db.SaveChangesAsync(ct);
    }

    private async Task<AssignmentRule> FindAsync(Guid id, CancellationToken ct, bool tracked)
    {
        var q = tracked ? db.AssignmentRules : db.AssignmentRules.AsNoTracking();
        return await q.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("The assignment rule was not found.");
    }

    private async Task ApplyAsync(AssignmentRule r, JsonObject body, bool creating, CancellationToken ct)
    {
        var e = new FieldErrors();
        foreach (var (k, _) in body)
            if (k is not ("name" or "position" or "active" or "criteria" or "method" or "userIds" or "teamId" or "territories"))
                e.Add(k, k is "id" or "createdAt" or "updatedAt" or "version" ? "This field cannot be changed." : "Unknown field.");
        if (creating || body.ContainsKey("name")) r.Name = JsonInput.Text(body["name"], "name", e, 200, required: true) ?? r.Name;
        if (body.ContainsKey("position"))
        {
            var p = JsonInput.Number(body["position"], "position", e);
            if (p is { } x && (x < 0 || x > 10000 || x != decimal.Truncate(x))) e.Add("position", "Must be a whole number from 0 to 10000.");
            else if (p is { } y) r.Position = (int)y;
        }
        if (body.ContainsKey("active")) r.Active = JsonInput.Bool(body["active"], "active", e) ?? true;
        if (creating || body.ContainsKey("method"))
        {
            var m = JsonInput.Text(body["method"], "method", e, 20, required: true);
            if (m is not null && !AssignmentMethods.All.Contains(m)) e.Add("method", $"Must be one of: {string.Join(", ", AssignmentMethods.All)}.");
            else if (m is not null) r.Method = m;
        }
        if (body.ContainsKey("criteria") && JsonInput.Array(body["criteria"], "criteria", e, 20) is { } arr)
        {
            var list = new List<LeadCondition>();
            for (var i = 0; i < arr.Count; i++)
                if (LeadConditions.Read(arr[i], $"criteria[{i}]", e) is { } c) list.Add(c);
            r.Criteria = JsonSerializer.Serialize(list, JsonDefaults.Options);
        }
        if (body.ContainsKey("userIds") && JsonInput.Array(body["userIds"], "userIds", e, 200) is { } users)
        {
            var ids = new List<Guid>();
            for (var i = 0; i < users.Count; i++)
                if (JsonInput.Id(users[i], $"userIds[{i}]", e) is { } id)
                {
                    if (!await Platform.Membership.IsActiveMemberAsync(db, id, ct)) e.Add($"userIds[{i}]", "Must be an active member of the workspace.");
                    else if (!ids.Contains(id)) ids.Add(id);
                }
            r.UserIds = JsonSerializer.Serialize(ids, JsonDefaults.Options);
        }
        if (body.ContainsKey("teamId"))
        {
            var team = JsonInput.Id(body["teamId"], "teamId", e);
            if (team is { } t && !await db.Teams.AnyAsync(x => x.Id == t, ct)) e.Add("teamId", "The team was not found.");
            else r.TeamId = team;
        }
        if (body.ContainsKey("territories") && JsonInput.Array(body["territories"], "territories", e, 500) is { } terr)
        {
            var list = new List<LeadAssigner.Territory>();
            for (var i = 0; i < terr.Count; i++)
            {
                var p = $"territories[{i}]";
                if (JsonInput.Object(terr[i], p, e) is not { } o) { if (JsonInput.IsNull(terr[i])) e.Add(p, "Must be an object."); continue; }
                foreach (var (k, _) in o) if (k is not ("country" or "region" or "userId")) e.Add($"{p}.{k}", "Unknown field.");
                var country = JsonInput.Text(o["country"], $"{p}.country", e, 2, required: true);
                if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter))) { e.Add($"{p}.country", "Must be an ISO 3166-1 alpha-2 country code, e.g. FR."); continue; }
                var region = JsonInput.Text(o["region"], $"{p}.region", e, 100);
                var user = JsonInput.Id(o["userId"], $"{p}.userId", e);
                if (user is null) { if (JsonInput.IsNull(o["userId"])) e.Add($"{p}.userId", "Is required."); continue; }
                if (!await Platform.Membership.IsActiveMemberAsync(db, user.Value, ct)) { e.Add($"{p}.userId", "Must be an active member of the workspace."); continue; }
                if (country is not null) list.Add(new LeadAssigner.Territory(country.ToUpperInvariant(), region, user.Value));
            }
            r.Territories = JsonSerializer.Serialize(list, JsonDefaults.Options);
        }
        e.ThrowIfAny();
        var hasUsers = r.UserIds != "[]" || r.TeamId is not null;
        if (r.Method == AssignmentMethods.Territory && r.Territories == "[]") e.Add("territories", "A territory rule needs at least one territory.");
        if (r.Method != AssignmentMethods.Territory && !hasUsers) e.Add("userIds", "Give the users (or a teamId) to assign to.");
        e.ThrowIfAny();
    }
}
