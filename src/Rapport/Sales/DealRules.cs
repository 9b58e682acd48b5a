using Rapport.Data;

namespace Rapport.Sales;

/// <summary>What entering a stage does to a deal, wherever the move comes from (PATCH, board, stage deletion, demo).</summary>
public static class DealRules
{
    /// <summary>
    /// Moves the deal into <paramref name="stage"/>: closes the current stay in the history (the caller
    /// has loaded it, or it is closed by the caller), opens a new one, stamps won/lost dates and makes
    /// the forecast category "closed" for won and lost stages ("pipeline" when a closed deal reopens).
    /// </summary>
    public static DealStageVisit EnterStage(RapportDb db, Deal deal, PipelineStage stage, Guid? actor, DateTime now)
    {
        var from = deal.StageId == Guid.Empty ? (Guid?)null : deal.StageId;
        deal.PipelineId = stage.PipelineId;
        deal.StageId = stage.Id;
        deal.StageEnteredAt = now;
        deal.WonAt = stage.Type == StageTypes.Won ? now : null;
        deal.LostAt = stage.Type == StageTypes.Lost ? now : null;
        if (stage.Type != StageTypes.Open) deal.ForecastCategory = ForecastCategories.Closed;
        else if (deal.ForecastCategory == ForecastCategories.Closed) deal.ForecastCategory = ForecastCategories.Pipeline;
        var visit = new DealStageVisit
        {
            WorkspaceId = deal.WorkspaceId, DealId = deal.Id, StageId = stage.Id, FromStageId = from,
            EnteredAt = now, ChangedByUserId = actor,
        };
        db.DealStageHistory.Add(visit);
        return visit;
    }

    /// <summary>The probability shown and used by the forecast: 100 won, 0 lost, else the override or the stage's.</summary>
    public static int Probability(Deal deal, PipelineStage stage) => stage.Type switch
    {
        StageTypes.Won => 100,
        StageTypes.Lost => 0,
        _ => deal.ProbabilityOverride ?? stage.Probability,
    };

    public static string Status(string stageType) => stageType switch
    {
        StageTypes.Won => "won",
        StageTypes.Lost => "lost",
        _ => "open",
    };
}
