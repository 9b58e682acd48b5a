using Rapport.Sales.Features;

namespace Rapport.Sales;

public sealed record DealContactDto(Guid ContactId, string Role);

public sealed record DealLineItemDto(Guid Id, Guid? ProductId, string? Description, decimal Quantity, decimal UnitPrice, decimal Discount, decimal Total);

/// <summary>A stay in a stage: entered, left (null: still there) and how long, in days.</summary>
public sealed record StageVisitDto(Guid StageId, string? StageName, Guid? FromStageId, DateTime EnteredAt, DateTime? LeftAt, double Days);

/// <summary>The API's deal. <c>probability</c> is the effective one (<c>probabilityOverridden</c> says whether it was typed in).</summary>
public sealed record DealDto(
    Guid Id, string Name, Guid PipelineId, Guid StageId, string StageName, string Status, decimal? Amount, string Currency,
    DateOnly? ExpectedCloseDate, int Probability, bool ProbabilityOverridden, string ForecastCategory, Guid? OwnerId, Guid? AccountId,
    IReadOnlyList<DealContactDto> Contacts, string? NextStep, string? LostReason, string? LostNote,
    IReadOnlyList<DealLineItemDto> LineItems, DateTime StageEnteredAt, DateTime? WonAt, DateTime? LostAt,
    DateTime CreatedAt, DateTime UpdatedAt, long Version, IReadOnlyList<StageVisitDto>? StageHistory)
{
    public static DealDto From(Deal d, PipelineStage stage, IReadOnlyList<StageVisitDto>? history = null) => new(
        d.Id, d.Name, d.PipelineId, d.StageId, stage.Name, DealRules.Status(stage.Type), d.Amount, d.Currency,
        d.ExpectedCloseDate, DealRules.Probability(d, stage), d.ProbabilityOverride is not null && stage.Type == StageTypes.Open,
        d.ForecastCategory, d.OwnerId, d.AccountId,
        d.Contacts.OrderBy(c => c.Position).Select(c => new DealContactDto(c.ContactId, c.Role)).ToList(),
        d.NextStep, d.LostReason, d.LostNote,
        d.LineItems.OrderBy(l => l.Position).Select(l => new DealLineItemDto(l.Id, l.ProductId, l.Description, l.Quantity, l.UnitPrice, l.Discount,
            Money.LineTotal(l.Quantity, l.UnitPrice, l.Discount))).ToList(),
        d.StageEnteredAt, d.WonAt, d.LostAt, d.CreatedAt, d.UpdatedAt, d.Version, history);
}
