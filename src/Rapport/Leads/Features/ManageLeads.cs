using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Leads.Features;

/// <summary>
/// Creates a lead from its JSON. Without an ownerId the assignment rules pick the owner (the API
/// caller owns it when no rule applies); the score is computed before the first save.
/// </summary>
public sealed class CreateLead(RapportDb db, RequestContext ctx, LeadWriter writer, LeadAssigner assigner, LeadScorer scorer, LeadAccess access)
{
    public async Task<LeadDto> HandleAsync(JsonObject body, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var lead = await CreateAsync(body, ct);
        if (lead.OwnerId is null && !body.ContainsKey("ownerId")) lead.OwnerId = await access.ActingUserIdAsync(ct);
        await db.SaveChangesAsync(ct);
        return LeadDto.From(lead, await writer.CustomFieldDefsAsync(ct));
    }

    /// <summary>Builds, assigns and scores a new lead (added, not saved): the API, web forms and imports share it.</summary>
    public async Task<Lead> CreateAsync(JsonObject body, CancellationToken ct)
    {
        var lead = new Lead { WorkspaceId = ctx.WorkspaceId };
        await writer.ApplyAsync(lead, body, creating: true, ct);
        db.Leads.Add(lead);
        if (!body.ContainsKey("ownerId")) await assigner.ApplyAsync(lead, await access.ActingUserIdAsync(ct), ct);
        await scorer.RescoreAsync(lead, "created", ct);
        db.Publish(new LeadCreated(lead.Id));
        return lead;
    }
}

/// <summary>Changes a lead from a JSON merge patch (stale If-Match → 412) and rescores it.</summary>
public sealed class UpdateLead(RapportDb db, RequestContext ctx, LeadAccess access, LeadWriter writer, LeadScorer scorer)
{
    public async Task<LeadDto> HandleAsync(Guid id, JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var lead = await access.FindAsync(id, ct);
        if (ifMatch is { } v && v != lead.Version) throw new PreconditionFailedException();
        await writer.ApplyAsync(lead, patch, creating: false, ct);
        await scorer.RescoreAsync(lead, "fields changed", ct);
        db.Publish(new LeadUpdated(lead.Id));
        await db.SaveChangesAsync(ct);
        return LeadDto.From(lead, await writer.CustomFieldDefsAsync(ct));
    }
}

public sealed class GetLead(LeadAccess access, LeadWriter writer)
{
    public async Task<LeadDto> HandleAsync(Guid id, CancellationToken ct)
    {
        var q = await access.LeadsAsync(ct);
        var lead = await q.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("The lead was not found.");
        return LeadDto.From(lead, await writer.CustomFieldDefsAsync(ct));
    }
}

/// <summary>Moves a lead to the trash (restorable for 30 days).</summary>
public sealed class DeleteLead(RapportDb db, RequestContext ctx, LeadAccess access)
{
    public async Task HandleAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var lead = await access.FindAsync(id, ct);
        db.Leads.Remove(lead);
        db.Publish(new LeadDeleted(lead.Id));
        await db.SaveChangesAsync(ct);
    }
}
