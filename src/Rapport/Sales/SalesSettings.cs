using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Sales;

/// <summary>A reason a deal can be lost with, managed in Settings. Table <c>lost_reasons</c>.</summary>
public sealed class LostReason : IWorkspaceOwned, IAudited
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public int Position { get; set; }
}

/// <summary>
/// A follow-up rule: when a deal enters the stage, a task with this title is created for the deal's
/// owner, due so many days later. Table <c>stage_rules</c>.
/// </summary>
public sealed class StageRule : IWorkspaceOwned, IAudited
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StageId { get; set; }
    public string TaskTitle { get; set; } = "";
    public int DueInDays { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>How many units of the workspace's base currency one unit of <see cref="Currency"/> is worth. Table <c>exchange_rates</c>.</summary>
public sealed class ExchangeRate : IWorkspaceOwned, IAudited
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Currency { get; set; } = "";
    public decimal Rate { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class LostReasonConfiguration : IEntityTypeConfiguration<LostReason>
{
    public void Configure(EntityTypeBuilder<LostReason> b)
    {
        b.ToTable("lost_reasons");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class StageRuleConfiguration : IEntityTypeConfiguration<StageRule>
{
    public void Configure(EntityTypeBuilder<StageRule> b)
    {
        b.ToTable("stage_rules");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.TaskTitle).HasMaxLength(300).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.StageId });
        b.HasOne<PipelineStage>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.StageId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> b)
    {
        b.ToTable("exchange_rates");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Currency).HasMaxLength(3).IsRequired();
        b.Property(x => x.Rate).HasPrecision(18, 8);
        b.HasIndex(x => new { x.WorkspaceId, x.Currency }).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
