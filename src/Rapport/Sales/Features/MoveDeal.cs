using System.Text.Json.Nodes;
using FluentValidation;
using Rapport.Common;

namespace Rapport.Sales.Features;

/// <summary>
/// Moves a deal to a stage, with the lost reason and note a move to a lost stage asks for (blank ones
/// are left as they are). The board's drop and "Move to" form and <c>POST /api/v1/deals/{id}/move</c>
/// call this; it is the <c>stageId</c> (+ <c>lostReason</c>, <c>lostNote</c>) patch of <see cref="UpdateDeal"/>,
/// so the stay in the old stage ends, the new one starts (<see cref="Deal.MoveTo"/>), a typed-in
/// probability is dropped, the stage's follow-up rules run and <c>deal.stageChanged</c> (+ won/lost) is
/// published. A stale <c>version</c> is a 412.
/// </summary>
public sealed class MoveDeal(RequestContext ctx, DealAccess access, UpdateDeal update)
{
    public sealed record Request(Guid? StageId, string? LostReason = null, string? LostNote = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.StageId).NotEmpty().WithMessage("Required: the stage to move the deal to.");
            RuleFor(x => x.LostReason).MaximumLength(100);
            RuleFor(x => x.LostNote).MaximumLength(2000);
        }
    }

    public async Task<Deal> HandleAsync(Guid id, Request r, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var deal = await access.FindAsync(id, ct); // another workspace's or an invisible deal: 404 before the body is judged
        new Validator().EnsureValid(r);
        var patch = new JsonObject { ["stageId"] = r.StageId.ToString() };
        if (!string.IsNullOrWhiteSpace(r.LostReason)) patch["lostReason"] = r.LostReason.Trim();
        if (!string.IsNullOrWhiteSpace(r.LostNote)) patch["lostNote"] = r.LostNote.Trim();
        return await update.ApplyAsync(deal, patch, ifMatchVersion, ct);
    }
}
