using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers.Timeline;
using Rapport.Data;
using Rapport.Platform.Features;
using Rapport.Sales;
using Rapport.Sales.Features;
using Rapport.Records;

namespace Rapport.Web.Sales;

/// <summary>What the sales pages show besides a handler's answer: member names, pipelines, the deal page's pieces.</summary>
public sealed class SalesUi(RapportDb db, ListMembers members, ManagePipelines pipelines, ManageDeals deals, GetDealTimeline timeline,
    ManageSalesSettings settings, DealAccess access)
{
    private Dictionary<Guid, string>? memberNames;

    public async Task<IReadOnlyDictionary<Guid, string>> MembersAsync(CancellationToken ct)
    {
        if (memberNames is not null) return memberNames;
        var page = await members.HandleAsync(200, null, ct);
        return memberNames = page.Items.Where(m => m.Active).ToDictionary(m => m.Id, m => m.Name.Length > 0 ? m.Name : m.Email);
    }

    public Task<IReadOnlyList<PipelineDto>> PipelinesAsync(CancellationToken ct) => pipelines.ListAsync(ct);

    /// <summary>Accounts in sight whose name contains <paramref name="q"/> (the deal page's picker), at most 20.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Label)>> AccountChoicesAsync(string? q, CancellationToken ct)
    {
        var query = (await access.Records.AccountsAsync(ct)).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q)) { var t = q.Trim().ToLower(); query = query.Where(a => a.Name.ToLower().Contains(t)); }
        return (await query.OrderBy(a => a.Name).Take(20).Select(a => new { a.Id, a.Name }).ToListAsync(ct)).Select(a => (a.Id, a.Name)).ToList();
    }

    /// <summary>Contacts in sight whose name or e-mail contains <paramref name="q"/>, at most 20.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Label)>> ContactChoicesAsync(string? q, CancellationToken ct)
    {
        var query = (await access.Records.ContactsAsync(ct)).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var t = q.Trim().ToLower();
            query = query.Where(c => (c.FirstName + " " + c.LastName).ToLower().Contains(t) || (c.Email != null && c.Email.Contains(t)));
        }
        var rows = await query.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).Take(20).Select(c => new { c.Id, c.FirstName, c.LastName, c.Email }).ToListAsync(ct);
        return rows.Select(c => (c.Id, $"{c.FirstName} {c.LastName}".Trim() + (c.Email is null ? "" : $" <{c.Email}>"))).ToList();
    }

    public sealed record DealPageModel(DealDto Deal, PipelineDto Pipeline, Page<TimelineItem> Timeline, string? AccountName,
        IReadOnlyDictionary<Guid, string> ContactNames, IReadOnlyDictionary<Guid, string> ProductNames, IReadOnlyDictionary<Guid, string> Members,
        IReadOnlyList<LostReasonDto> LostReasons, string BaseCurrency)
    {
        /// <summary>A result shown once (?done=…).</summary>
        public string? Done { get; init; }
        /// <summary>A refused action or a conflicting edit, shown above the page.</summary>
        public string? Error { get; init; }
        /// <summary>The edit form's errors.</summary>
        public IDictionary<string, string[]>? Errors { get; init; }
        /// <summary>What was typed, when the form comes back with errors.</summary>
        public IFormCollection? Form { get; init; }
    }

    public async Task<DealPageModel> DealAsync(Guid id, CancellationToken ct)
    {
        var deal = await deals.GetAsync(id, ct);
        var pipeline = await pipelines.GetAsync(deal.PipelineId, ct);
        var contactIds = deal.Contacts.Select(c => c.ContactId).ToList();
        var contacts = await (await access.Records.ContactsAsync(ct)).Where(c => contactIds.Contains(c.Id))
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.Email }).ToListAsync(ct);
        string? accountName = null;
        if (deal.AccountId is { } a)
            accountName = await (await access.Records.AccountsAsync(ct)).Where(x => x.Id == a).Select(x => x.Name).SingleOrDefaultAsync(ct);
        var productIds = deal.LineItems.Where(l => l.ProductId != null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var rates = await settings.ExchangeRatesAsync(ct);
        return new DealPageModel(deal, pipeline, await timeline.HandleAsync(id, 50, null, ct), accountName,
            contacts.ToDictionary(c => c.Id, c => $"{c.FirstName} {c.LastName}".Trim() is { Length: > 0 } n ? n : c.Email ?? "(no name)"),
            products, await MembersAsync(ct), await settings.LostReasonsAsync(ct), rates.BaseCurrency);
    }
}

/// <summary>The deal page's form → a merge patch (empty inputs clear the field; text that is not a number is left for the handler to refuse).</summary>
public static class DealForm
{
    private static readonly string[] Text = ["name", "currency", "forecastCategory", "nextStep", "lostReason", "lostNote"];

    public static JsonObject ToPatch(IFormCollection form)
    {
        var patch = new JsonObject();
        foreach (var key in Text)
            if (form.TryGetValue(key, out var v)) patch[key] = string.IsNullOrWhiteSpace(v) ? null : v.ToString().Trim();
        if (form.TryGetValue("amount", out var amount))
            patch["amount"] = string.IsNullOrWhiteSpace(amount) ? null
                : decimal.TryParse(amount, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(amount.ToString());
        if (form.TryGetValue("probability", out var p))
            patch["probability"] = string.IsNullOrWhiteSpace(p) ? null : int.TryParse(p, out var i) ? JsonValue.Create(i) : JsonValue.Create(p.ToString());
        if (form.TryGetValue("expectedCloseDate", out var close)) patch["expectedCloseDate"] = string.IsNullOrWhiteSpace(close) ? null : close.ToString();
        if (form.TryGetValue("ownerId", out var owner)) patch["ownerId"] = string.IsNullOrWhiteSpace(owner) ? null : owner.ToString();
        if (form.TryGetValue("stageId", out var stage) && !string.IsNullOrWhiteSpace(stage)) patch["stageId"] = stage.ToString();
        return patch;
    }
}
