using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Sales;

/// <summary>A sales process: an ordered list of stages a deal moves through. Table <c>pipelines</c>.</summary>
public sealed class Pipeline : IWorkspaceOwned, IAudited, IVersioned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    /// <summary>Order of the pipelines in pickers (the first is the default for a new deal).</summary>
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }

    public List<PipelineStage> Stages { get; set; } = [];
}

/// <summary>
/// A stage of a pipeline: its win probability (0–100), its type (open, won, lost) and its rotting
/// period (a deal that has had no stage change or activity for longer is flagged). Table <c>pipeline_stages</c>.
/// </summary>
public sealed class PipelineStage : IWorkspaceOwned, IAudited, ISoftDeletable
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PipelineId { get; set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
    public int Probability { get; set; }
    /// <summary>open, won or lost.</summary>
    public string Type { get; set; } = StageTypes.Open;
    /// <summary>Days without a stage change or activity after which a deal in this stage is rotting; null = never.</summary>
    public int? RottingDays { get; set; }
    /// <summary>A deleted stage goes to the trash (its deals were moved first); the stage history keeps its id.</summary>
    public DateTime? DeletedAt { get; set; }

    public string TrashTitle => $"Stage: {Name}";
}

public static class StageTypes
{
    public const string Open = "open", Won = "won", Lost = "lost";
    public static readonly string[] All = [Open, Won, Lost];
}

public sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> b)
    {
        b.ToTable("pipelines");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.Position });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Stages).WithOne().HasForeignKey(x => new { x.WorkspaceId, x.PipelineId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PipelineStageConfiguration : IEntityTypeConfiguration<PipelineStage>
{
    public void Configure(EntityTypeBuilder<PipelineStage> b)
    {
        b.ToTable("pipeline_stages");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.Type).HasMaxLength(10).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.PipelineId, x.Position });
    }
}
