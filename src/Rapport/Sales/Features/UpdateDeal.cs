using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;

namespace Rapport.Sales.Features;

/// <summary>
/// Changes a deal by JSON merge patch (If-Match → 412 when stale). Moving a deal is a patch of its
/// <c>stageId</c>: the stay in the old stage ends, the new one starts, won/lost dates and the forecast
/// category follow the stage, a typed-in probability is dropped (the new stage's applies), and the
/// stage's follow-up rules create their tasks. Contacts and line items are child rows, not audited columns:
/// a change of either adds its own audit entry (old and new lists, in the API's shape).
/// </summary>
public sealed class UpdateDeal(RapportDb db, RequestContext ctx, DealAccess access, DealWriter writer, StageFollowUps followUps)
{
    private static readonly IReadOnlySet<string> ReadOnlyFields = new HashSet<string>
    {
        "id", "stageName", "status", "probabilityOverridden", "stageEnteredAt", "wonAt", "lostAt", "createdAt", "updatedAt", "version", "stageHistory",
    };

    public async Task<Deal> HandleAsync(Guid id, JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        return await ApplyAsync(await access.FindAsync(id, ct), patch, ifMatchVersion, ct);
    }

    /// <summary>The patch onto a deal the caller has found (and may see).</summary>
    internal async Task<Deal> ApplyAsync(Deal deal, JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        if (ifMatchVersion is { } v && v != deal.Version) throw new PreconditionFailedException();
        var r = MergePatch.Apply(DealWriter.Current(deal), patch, ReadOnlyFields);
        var fromStage = deal.StageId;
        var before = DealWriter.Current(deal);
        var entered = await writer.ApplyAsync(deal, r, patch.Select(p => p.Key).ToHashSet(), ct);
        AuditChildRows(deal, before, DealWriter.Current(deal));
        if (entered is not null)
        {
            db.Publish(new DealStageChanged(deal.Id, fromStage, entered.Id));
            if (entered.Type == StageTypes.Won) db.Publish(new DealWon(deal.Id, deal.Amount, deal.Currency));
            if (entered.Type == StageTypes.Lost) db.Publish(new DealLost(deal.Id, deal.LostReason));
        }
        else db.Publish(new DealUpdated(deal.Id));
        await followUps.SaveWithFollowUpsAsync(deal, entered, ct);
        return deal;
    }

    private void AuditChildRows(Deal deal, CreateDeal.Request before, CreateDeal.Request after)
    {
        var changes = new Dictionary<string, object?>();
        string Json(object? o) => JsonSerializer.Serialize(o, JsonDefaults.Options);
        if (Json(before.Contacts) != Json(after.Contacts)) changes["contacts"] = new { old = before.Contacts, @new = after.Contacts };
        if (Json(before.LineItems) != Json(after.LineItems)) changes["lineItems"] = new { old = before.LineItems, @new = after.LineItems };
        if (changes.Count == 0) return;
        AuditTrail.Record(db, AuditActions.Updated, "deal", deal.Id, Json(changes), deal.WorkspaceId, db.Request.UserId, db.Request.ApiKeyId);
    }
}
