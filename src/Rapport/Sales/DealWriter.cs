using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Sales.Features;

namespace Rapport.Sales;

/// <summary>
/// The rules that turn a deal request (POST, or PATCH merged onto the current deal) into the row:
/// checks every field, resolves pipeline and stage (the first open stage by default), computes the
/// amount from line items, keeps probability and forecast category consistent with the stage, and
/// records a stage change in the history. Create, update, the board and lead conversion all pass here.
/// </summary>
public sealed class DealWriter(RapportDb db, RequestContext ctx, DealAccess access)
{
    public sealed class Validator : AbstractValidator<CreateDeal.Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Amount).InclusiveBetween(0, Money.Max);
            RuleFor(x => x.Currency).Must(c => c is null || Money.NormalizeCurrency(c) == c).WithMessage("Must be an ISO 4217 code such as USD or EUR.");
            RuleFor(x => x.Probability).InclusiveBetween(0, 100);
            RuleFor(x => x.ForecastCategory).Must(c => c is null || ForecastCategories.All.Contains(c))
                .WithMessage($"Must be one of: {string.Join(", ", ForecastCategories.All)}.");
            RuleFor(x => x.NextStep).MaximumLength(300);
            RuleFor(x => x.LostReason).MaximumLength(100);
            RuleFor(x => x.LostNote).MaximumLength(2000);
            RuleFor(x => x.Contacts).Must(c => c!.Count <= 50).When(x => x.Contacts is not null).WithMessage("At most 50 contacts.");
            RuleFor(x => x.Contacts).Must(c => c!.Select(x => x.ContactId).Distinct().Count() == c!.Count).When(x => x.Contacts is not null)
                .WithMessage("A contact is listed twice.");
            RuleForEach(x => x.Contacts).ChildRules(c =>
            {
                c.RuleFor(x => x.ContactId).NotEmpty();
                c.RuleFor(x => x.Role).Must(r => r is null || DealContactRoles.All.Contains(r))
                    .WithMessage($"Must be one of: {string.Join(", ", DealContactRoles.All)}.");
            });
            RuleFor(x => x.LineItems).Must(l => l!.Count <= 100).When(x => x.LineItems is not null).WithMessage("At most 100 line items.");
            RuleForEach(x => x.LineItems).ChildRules(l =>
            {
                l.RuleFor(x => x.Quantity).GreaterThan(0).LessThanOrEqualTo(1_000_000_000);
                l.RuleFor(x => x.UnitPrice).InclusiveBetween(0, Money.Max);
                l.RuleFor(x => x.Discount).InclusiveBetween(0, 100);
                l.RuleFor(x => x.Description).MaximumLength(300);
                l.RuleFor(x => x.Description).NotEmpty().When(x => x.ProductId is null).WithMessage("A line without a product needs a description.");
            });
        }
    }

    public Task<Guid?> ActingUserIdAsync(CancellationToken ct) => access.ActingUserIdAsync(ct);

    /// <summary>The request describing the deal as it is (what a merge patch applies to).</summary>
    public static CreateDeal.Request Current(Deal d) => new(
        d.Name, d.PipelineId, d.StageId, d.Amount, d.Currency, d.ExpectedCloseDate, d.ProbabilityOverride, d.ForecastCategory,
        d.OwnerId, d.AccountId,
        d.Contacts.OrderBy(c => c.Position).Select(c => new CreateDeal.ContactInput(c.ContactId, c.Role)).ToList(),
        d.NextStep, d.LostReason, d.LostNote,
        d.LineItems.OrderBy(l => l.Position).Select(l => new CreateDeal.LineItemInput(l.ProductId, l.Description, l.Quantity, l.UnitPrice, l.Discount)).ToList());

    /// <summary>
    /// Applies <paramref name="r"/> to <paramref name="deal"/> (new when <paramref name="given"/> is null: every
    /// field counts as given). Returns the stage the deal entered, or null when it stayed where it was.
    /// </summary>
    public async Task<PipelineStage?> ApplyAsync(Deal deal, CreateDeal.Request r, IReadOnlySet<string>? given, CancellationToken ct)
    {
        var creating = given is null;
        bool Given(string field) => given is null || given.Contains(field);
        r = r with
        {
            Name = r.Name?.Trim(),
            Currency = r.Currency is null ? null : Money.NormalizeCurrency(r.Currency) ?? r.Currency,
            NextStep = string.IsNullOrWhiteSpace(r.NextStep) ? null : r.NextStep.Trim(),
            LostReason = string.IsNullOrWhiteSpace(r.LostReason) ? null : r.LostReason.Trim(),
            LostNote = string.IsNullOrWhiteSpace(r.LostNote) ? null : r.LostNote.Trim(),
            ForecastCategory = r.ForecastCategory,
        };
        new Validator().EnsureValid(r);
        var now = db.Now;

        // Pipeline and stage: the stage decides; a new pipeline without a stage starts at its first open stage.
        var stage = await ResolveStageAsync(deal, r, creating, ct);
        var stageChanged = creating || stage.Id != deal.StageId;

        var currency = r.Currency ?? (creating ? await db.Workspaces.Where(w => w.Id == ctx.WorkspaceId).Select(w => w.BaseCurrency).SingleAsync(ct) : deal.Currency);

        var owner = r.OwnerId;
        if (creating && owner is null) owner = await access.ActingUserIdAsync(ct);
        if (owner is { } o && o != deal.OwnerId && !await Platform.Membership.IsActiveMemberAsync(db, o, ct))
            throw new ValidationFailedException("ownerId", "Must be an active member of the workspace.");
        if (r.AccountId is { } accountId && accountId != deal.AccountId)
            await access.Records.EnsureAccountVisibleAsync(accountId, ct);
        if (Given("contacts") && r.Contacts is { } contacts)
        {
            var known = deal.Contacts.Select(c => c.ContactId).ToHashSet();
            foreach (var c in contacts.Where(c => !known.Contains(c.ContactId)))
                await access.Records.EnsureContactVisibleAsync(c.ContactId, ct);
        }

        List<DealLineItem>? lines = null;
        if (Given("lineItems") && r.LineItems is { } items) lines = await LineItemsAsync(deal, items, currency, ct);
        var amount = r.Amount;
        var lineTotal = lines is not null
            ? (lines.Count > 0 ? lines.Sum(l => Money.LineTotal(l.Quantity, l.UnitPrice, l.Discount)) : (decimal?)null)
            : deal.LineItems.Count > 0 ? deal.LineItems.Sum(l => Money.LineTotal(l.Quantity, l.UnitPrice, l.Discount)) : null;
        if (lineTotal is { } total)
        {
            if (Given("amount") && r.Amount is { } sent && sent != total)
                throw new ValidationFailedException("amount", $"The amount is the line items' total ({total}); change the line items instead.");
            amount = total;
        }
        if (amount is { } a && a > Money.Max) throw new ValidationFailedException("amount", "The total is too large.");

        if (r.LostReason is { } reason && reason != deal.LostReason)
        {
            var reasons = await db.LostReasons.Select(x => x.Name).ToListAsync(ct);
            var match = reasons.FirstOrDefault(x => string.Equals(x, reason, StringComparison.OrdinalIgnoreCase));
            if (reasons.Count > 0 && match is null)
                throw new ValidationFailedException("lostReason", $"Must be one of: {string.Join(", ", reasons)} (Settings → Sales).");
            r = r with { LostReason = match ?? reason };
        }

        var category = r.ForecastCategory ?? ForecastCategories.Pipeline;
        if (stage.Type == StageTypes.Open && category == ForecastCategories.Closed)
        {
            // A deal leaving a won/lost stage goes back to the pipeline unless a category was sent.
            if (!Given("forecastCategory")) category = ForecastCategories.Pipeline;
            else throw new ValidationFailedException("forecastCategory", "Only won and lost deals are closed; choose pipeline, bestCase or commit.");
        }

        deal.Name = r.Name!;
        deal.Currency = currency;
        deal.Amount = amount;
        deal.ExpectedCloseDate = r.ExpectedCloseDate;
        deal.ForecastCategory = stage.Type == StageTypes.Open ? category : ForecastCategories.Closed;
        deal.OwnerId = owner;
        deal.AccountId = r.AccountId;
        deal.NextStep = r.NextStep;
        deal.LostReason = r.LostReason;
        deal.LostNote = r.LostNote;
        // The typed-in probability holds until the deal changes stage (unless that same request sets it again).
        deal.ProbabilityOverride = stageChanged && !creating && !Given("probability") ? null : r.Probability;
        if (Given("contacts"))
        {
            var wanted = (r.Contacts ?? []).Select((c, i) => (c, i)).ToList();
            foreach (var gone in deal.Contacts.Where(x => wanted.All(w => w.c.ContactId != x.ContactId)).ToList()) deal.Contacts.Remove(gone);
            foreach (var (c, i) in wanted)
            {
                var row = deal.Contacts.SingleOrDefault(x => x.ContactId == c.ContactId);
                if (row is null) deal.Contacts.Add(row = new DealContact { WorkspaceId = deal.WorkspaceId, DealId = deal.Id, ContactId = c.ContactId });
                row.Role = c.Role ?? DealContactRoles.Other;
                row.Position = i;
            }
        }
        if (lines is not null)
        {
            foreach (var old in deal.LineItems.ToList()) deal.LineItems.Remove(old);
            deal.LineItems.AddRange(lines);
        }
        deal.UpdatedAt = now;
        if (!stageChanged) return null;

        var actor = await access.ActingUserIdAsync(ct);
        if (!creating)
        {
            var open = await db.DealStageHistory.Where(h => h.DealId == deal.Id && h.LeftAt == null).ToListAsync(ct);
            foreach (var h in open) h.LeftAt = now;
        }
        else deal.StageId = Guid.Empty;
        DealRules.EnterStage(db, deal, stage, actor, now);
        return stage;
    }

    private async Task<PipelineStage> ResolveStageAsync(Deal deal, CreateDeal.Request r, bool creating, CancellationToken ct)
    {
        var pipelineChanged = !creating && r.PipelineId is { } newPipeline && newPipeline != deal.PipelineId;
        if (r.StageId is { } stageId && (creating || !pipelineChanged || stageId != deal.StageId))
        {
            var stage = await db.PipelineStages.AsNoTracking().SingleOrDefaultAsync(s => s.Id == stageId, ct)
                ?? throw new ValidationFailedException("stageId", "No such stage.");
            if (r.PipelineId is { } p && p != stage.PipelineId)
                throw new ValidationFailedException("stageId", "The stage is not a stage of the pipeline.");
            return stage;
        }
        // No stage (or the pipeline changed and the stage did not): the pipeline's first open stage.
        var pipelineId = r.PipelineId ?? await db.Pipelines.OrderBy(x => x.Position).ThenBy(x => x.CreatedAt).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct)
            ?? throw new ValidationFailedException("pipelineId", "The workspace has no pipeline yet: create one first.");
        if (!await db.Pipelines.AnyAsync(x => x.Id == pipelineId, ct)) throw new ValidationFailedException("pipelineId", "No such pipeline.");
        return await db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == pipelineId && s.Type == StageTypes.Open)
            .OrderBy(s => s.Position).FirstOrDefaultAsync(ct)
            ?? throw new ValidationFailedException("pipelineId", "The pipeline has no open stage.");
    }

    private async Task<List<DealLineItem>> LineItemsAsync(Deal deal, IReadOnlyList<CreateDeal.LineItemInput> items, string currency, CancellationToken ct)
    {
        var ids = items.Where(i => i.ProductId is not null).Select(i => i.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var errors = new Dictionary<string, string[]>();
        var lines = new List<DealLineItem>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            Product? product = null;
            if (item.ProductId is { } pid && !products.TryGetValue(pid, out product))
            {
                errors[$"lineItems[{i}].productId"] = ["No such product."];
                continue;
            }
            var price = item.UnitPrice;
            if (price is null && product is not null)
            {
                if (product.Currency != currency)
                {
                    errors[$"lineItems[{i}].unitPrice"] = [$"The product is priced in {product.Currency} and the deal in {currency}: give a unit price."];
                    continue;
                }
                price = product.Price;
            }
            if (price is null) { errors[$"lineItems[{i}].unitPrice"] = ["Required."]; continue; }
            lines.Add(new DealLineItem
            {
                WorkspaceId = deal.WorkspaceId, DealId = deal.Id, Position = i, ProductId = item.ProductId,
                Description = string.IsNullOrWhiteSpace(item.Description) ? null : item.Description.Trim(),
                Quantity = item.Quantity ?? 1, UnitPrice = price.Value, Discount = item.Discount ?? 0,
            });
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return lines;
    }
}
