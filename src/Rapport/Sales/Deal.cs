using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Sales;

/// <summary>
/// An opportunity moving through a pipeline. Money is a decimal in major units with an ISO 4217
/// currency; the amount is the line items' total when there are line items. Table <c>deals</c>.
/// </summary>
public sealed class Deal : IWorkspaceOwned, IAudited, ISoftDeletable, IVersioned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public Guid PipelineId { get; set; }
    public Guid StageId { get; set; }
    public decimal? Amount { get; set; }
    public string Currency { get; set; } = "USD";
    public DateOnly? ExpectedCloseDate { get; set; }
    /// <summary>Set when the probability was typed in; null follows the stage's.</summary>
    public int? ProbabilityOverride { get; set; }
    /// <summary>pipeline, bestCase, commit or closed (closed exactly when the stage is won or lost).</summary>
    public string ForecastCategory { get; set; } = ForecastCategories.Pipeline;
    public Guid? OwnerId { get; set; }
    public Guid? AccountId { get; set; }
    public string? NextStep { get; set; }
    /// <summary>One of the workspace's lost reasons (Settings), when lost.</summary>
    public string? LostReason { get; set; }
    public string? LostNote { get; set; }
    /// <summary>When the deal entered its current stage (rotting, time in stage).</summary>
    public DateTime StageEnteredAt { get; set; }
    public DateTime? WonAt { get; set; }
    public DateTime? LostAt { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public List<DealContact> Contacts { get; set; } = [];
    public List<DealLineItem> LineItems { get; set; } = [];

    public string TrashTitle => $"Deal: {Name}";

    /// <summary>
    /// Enters <paramref name="stage"/>: stamps won/lost dates, makes the forecast category "closed" for won
    /// and lost stages ("pipeline" when a closed deal reopens), and returns the new stay for the history
    /// (the caller adds it and closes the current one). Every move passes here: PATCH, the board, a stage's deletion.
    /// </summary>
    public DealStageVisit MoveTo(PipelineStage stage, Guid? actor, DateTime now)
    {
        var from = StageId == Guid.Empty ? (Guid?)null : StageId;
        PipelineId = stage.PipelineId;
        StageId = stage.Id;
        StageEnteredAt = now;
        WonAt = stage.Type == StageTypes.Won ? now : null;
        LostAt = stage.Type == StageTypes.Lost ? now : null;
        if (stage.Type != StageTypes.Open) ForecastCategory = ForecastCategories.Closed;
        else if (ForecastCategory == ForecastCategories.Closed) ForecastCategory = ForecastCategories.Pipeline;
        return new DealStageVisit
        {
            WorkspaceId = WorkspaceId, DealId = Id, StageId = stage.Id, FromStageId = from,
            EnteredAt = now, ChangedByUserId = actor,
        };
    }
}

public static class ForecastCategories
{
    public const string Pipeline = "pipeline", BestCase = "bestCase", Commit = "commit", Closed = "closed";
    public static readonly string[] All = [Pipeline, BestCase, Commit, Closed];
}

/// <summary>A contact's part in a deal (decision maker, champion, …). Table <c>deal_contacts</c>.</summary>
public sealed class DealContact : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid DealId { get; set; }
    public Guid ContactId { get; set; }
    public string Role { get; set; } = DealContactRoles.Other;
    /// <summary>Order as given; the first contact is the deal's primary contact.</summary>
    public int Position { get; set; }
}

public static class DealContactRoles
{
    public const string Other = "other";
    public static readonly string[] All = ["decisionMaker", "champion", "influencer", "economicBuyer", "technicalBuyer", "endUser", Other];
}

/// <summary>A product (or a free line) on a deal: quantity × unit price less a discount in percent. Table <c>deal_line_items</c>.</summary>
public sealed class DealLineItem : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DealId { get; set; }
    public int Position { get; set; }
    public Guid? ProductId { get; set; }
    public string? Description { get; set; }
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    /// <summary>Percent, 0–100.</summary>
    public decimal Discount { get; set; }
}

/// <summary>
/// One stay of a deal in a stage: entered, left (null while it is there). The history gives the
/// time spent in each stage, the deal's timeline events and the conversion funnel. Table <c>deal_stage_history</c>.
/// </summary>
public sealed class DealStageVisit : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DealId { get; set; }
    public Guid StageId { get; set; }
    /// <summary>The stage it came from (null for the first stay).</summary>
    public Guid? FromStageId { get; set; }
    public DateTime EnteredAt { get; set; }
    public DateTime? LeftAt { get; set; }
    public Guid? ChangedByUserId { get; set; }
}

public sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> b)
    {
        b.ToTable("deals");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.Currency).HasMaxLength(3).IsRequired();
        b.Property(x => x.ForecastCategory).HasMaxLength(10).IsRequired();
        b.Property(x => x.NextStep).HasMaxLength(300);
        b.Property(x => x.LostReason).HasMaxLength(100);
        b.Property(x => x.LostNote).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.PipelineId, x.StageId });
        b.HasIndex(x => new { x.WorkspaceId, x.OwnerId });
        b.HasIndex(x => new { x.WorkspaceId, x.AccountId });
        b.HasIndex(x => new { x.WorkspaceId, x.ExpectedCloseDate });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Pipeline>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.PipelineId }).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PipelineStage>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.StageId }).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.AccountId }).OnDelete(DeleteBehavior.ClientSetNull);
        b.HasMany(x => x.Contacts).WithOne().HasForeignKey(x => new { x.WorkspaceId, x.DealId }).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.LineItems).WithOne().HasForeignKey(x => new { x.WorkspaceId, x.DealId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DealContactConfiguration : IEntityTypeConfiguration<DealContact>
{
    public void Configure(EntityTypeBuilder<DealContact> b)
    {
        b.ToTable("deal_contacts");
        b.HasKey(x => new { x.WorkspaceId, x.DealId, x.ContactId });
        b.Property(x => x.Role).HasMaxLength(20).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.ContactId });
        b.HasOne<Contact>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DealLineItemConfiguration : IEntityTypeConfiguration<DealLineItem>
{
    public void Configure(EntityTypeBuilder<DealLineItem> b)
    {
        b.ToTable("deal_line_items");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Description).HasMaxLength(300);
        b.Property(x => x.Quantity).HasPrecision(18, 4);
        b.Property(x => x.UnitPrice).HasPrecision(18, 2);
        b.Property(x => x.Discount).HasPrecision(5, 2);
        b.HasIndex(x => new { x.WorkspaceId, x.DealId, x.Position });
        b.HasIndex(x => new { x.WorkspaceId, x.ProductId });
        b.HasOne<Product>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ProductId }).OnDelete(DeleteBehavior.ClientSetNull);
    }
}

public sealed class DealStageVisitConfiguration : IEntityTypeConfiguration<DealStageVisit>
{
    public void Configure(EntityTypeBuilder<DealStageVisit> b)
    {
        b.ToTable("deal_stage_history");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.HasIndex(x => new { x.WorkspaceId, x.DealId, x.EnteredAt });
        b.HasIndex(x => new { x.WorkspaceId, x.StageId, x.EnteredAt });
        b.HasOne<Deal>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.DealId }).OnDelete(DeleteBehavior.Cascade);
        // No foreign key to the stage: a deleted (then purged) stage's history stays, naming an id.
    }
}
