using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

/// <summary>
/// Creates a deal. The one door for every module that makes deals (the API, the board's quick add,
/// lead conversion): <c>await createDeal.HandleAsync(new CreateDeal.Request(Name: "…", PipelineId: …), ct)</c>
/// returns the new deal's id. Defaults: the first pipeline, its first open stage, the workspace's base
/// currency, the acting user as owner, forecast category "pipeline". Entering the stage runs its
/// follow-up rules. Bad input is a <see cref="ValidationFailedException"/> naming the field; a
/// contact or account out of the caller's sight is a <see cref="NotFoundException"/>.
/// </summary>
public sealed class CreateDeal(RapportDb db, RequestContext ctx, DealWriter writer, StageFollowUps followUps)
{
    public sealed record ContactInput(Guid ContactId, string? Role = null);

    /// <summary>A line: a product (its price is the default unit price) or a description; quantity defaults to 1, discount (percent) to 0.</summary>
    public sealed record LineItemInput(Guid? ProductId = null, string? Description = null, decimal? Quantity = null, decimal? UnitPrice = null, decimal? Discount = null);

    /// <summary>The deal as the API takes it; <c>Probability</c> null follows the stage's.</summary>
    public sealed record Request(
        string? Name = null, Guid? PipelineId = null, Guid? StageId = null, decimal? Amount = null, string? Currency = null,
        DateOnly? ExpectedCloseDate = null, int? Probability = null, string? ForecastCategory = null, Guid? OwnerId = null,
        Guid? AccountId = null, IReadOnlyList<ContactInput>? Contacts = null, string? NextStep = null, string? LostReason = null,
        string? LostNote = null, IReadOnlyList<LineItemInput>? LineItems = null);

    public async Task<Guid> HandleAsync(Request r, CancellationToken ct) => (await CreateAsync(r, ct)).Id;

    internal async Task<Deal> CreateAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var now = db.Now;
        var deal = new Deal { WorkspaceId = ctx.WorkspaceId, CreatedAt = now };
        var entered = await writer.ApplyAsync(deal, r, given: null, ct);
        deal.CreatedByUserId = await writer.ActingUserIdAsync(ct);
        db.Deals.Add(deal);
        db.Publish(new DealCreated(deal.Id, deal.PipelineId, deal.StageId, deal.Amount, deal.Currency, deal.OwnerId));
        await followUps.SaveWithFollowUpsAsync(deal, entered, ct);
        return deal;
    }
}
