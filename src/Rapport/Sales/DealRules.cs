using Rapport.Data;

namespace Rapport.Sales;

/// <summary>What entering a stage does to a deal, wherever the move comes from (PATCH, board, stage deletion, demo).</summary>
public static class DealRules
{
    /// <summary>
    /// Moves the deal into <paramref name="stage"/> (<see cref="Deal.MoveTo"/>) and adds the new stay to the
    /// history; the current stay is closed by the caller (it has loaded it).
    /// </summary>
    public static DealStageVisit EnterStage(RapportDb db, Deal deal, PipelineStage stage, Guid? actor, DateTime now)
    {
        var visit = deal.MoveTo(stage, actor, now);
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
