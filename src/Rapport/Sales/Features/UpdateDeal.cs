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

    /// <summary>
    /// What a PATCH may change: the deal's writable fields (its own shape, not the create request's, so the
    /// two can part: a field settable only at creation, or only by a patch). The JSON merge patch is applied
    /// onto <see cref="Of"/> the deal (RFC 7396, <see cref="MergePatch"/>), then the writer's validator and rules run.
    /// </summary>
    public sealed record Patch(
        string? Name, Guid? PipelineId, Guid? StageId, decimal? Amount, string? Currency, DateOnly? ExpectedCloseDate, int? Probability,
        string? ForecastCategory, Guid? OwnerId, Guid? AccountId, IReadOnlyList<CreateDeal.ContactInput>? Contacts, string? NextStep,
        string? LostReason, string? LostNote, IReadOnlyList<CreateDeal.LineItemInput>? LineItems)
    {
        /// <summary>The deal as it is: what a merge patch applies to.</summary>
        public static Patch Of(Deal d)
        {
            var r = DealWriter.Current(d);
            return new(r.Name, r.PipelineId, r.StageId, r.Amount, r.Currency, r.ExpectedCloseDate, r.Probability, r.ForecastCategory,
                r.OwnerId, r.AccountId, r.Contacts, r.NextStep, r.LostReason, r.LostNote, r.LineItems);
        }

        /// <summary>The whole deal after the patch, in the shape the writer's rules take.</summary>
        public CreateDeal.Request ToRequest() => new(Name, PipelineId, StageId, Amount, Currency, ExpectedCloseDate, Probability, ForecastCategory,
            OwnerId, AccountId, Contacts, NextStep, LostReason, LostNote, LineItems);
    }

    public async Task<Deal> HandleAsync(Guid id, JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var deal = await access.FindAsync(id, ct);
        if (ifMatchVersion is { } v && v != deal.Version) throw new PreconditionFailedException();
        var p = MergePatch.Apply(Patch.Of(deal), patch, ReadOnlyFields);
        return await ApplyAsync(deal, p, patch.Select(x => x.Key).ToHashSet(), ifMatchVersion, ct);
    }

    /// <summary>
    /// A typed patch onto a deal the caller has found (and may see): <paramref name="p"/> is the whole deal after
    /// the change, <paramref name="given"/> the fields the change names (API names: "stageId", "contacts", …).
    /// </summary>
    internal async Task<Deal> ApplyAsync(Deal deal, Patch p, IReadOnlySet<string> given, long? ifMatchVersion, CancellationToken ct)
    {
        if (ifMatchVersion is { } v && v != deal.Version) throw new PreconditionFailedException();
        var fromStage = deal.StageId;
        var before = DealWriter.Current(deal);
        var entered = await writer.ApplyAsync(deal, p.ToRequest(), given, ct);
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
