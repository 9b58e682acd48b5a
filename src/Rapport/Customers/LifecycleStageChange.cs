using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Data;

namespace Rapport.Customers;

/// <summary>A contact moved from one lifecycle stage to another (or entered the first one).</summary>
public sealed class LifecycleStageChange : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ContactId { get; set; }
    public string? FromStage { get; set; }
    public string ToStage { get; set; } = "";
    public DateTime ChangedAt { get; set; }
    public Guid? ChangedByUserId { get; set; }
}

public sealed class LifecycleStageChangeConfiguration : IEntityTypeConfiguration<LifecycleStageChange>
{
    public void Configure(EntityTypeBuilder<LifecycleStageChange> b)
    {
        b.ToTable("lifecycle_stage_changes");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.FromStage).HasMaxLength(20);
        b.Property(x => x.ToStage).HasMaxLength(20).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.ContactId, x.ChangedAt });
        b.HasOne<Contact>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.Cascade);
    }
}
