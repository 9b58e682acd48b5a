using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;
using Rapport.Records;

namespace Rapport.Duplicates;

/// <summary>
/// A merge of records into a survivor, with what undoing it needs: the survivor's values before the
/// merge and, per <see cref="IMergeParticipant"/>, which related rows moved from which record.
/// </summary>
public sealed class MergeRecord : IWorkspaceOwned, IAudited, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Entity { get; set; } = "";
    public Guid SurvivorId { get; set; }
    /// <summary>JSON array of the merged (now trashed) records' ids.</summary>
    public string MergedIds { get; set; } = "[]";
    /// <summary>JSON object: participant name → what it moved (its own shape).</summary>
    public string UndoState { get; set; } = "{}";
    public Guid? MergedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UndoneAt { get; set; }
    public Guid? UndoneByUserId { get; set; }
}

public sealed class MergeRecordConfiguration : IEntityTypeConfiguration<MergeRecord>
{
    public void Configure(EntityTypeBuilder<MergeRecord> b)
    {
        b.ToTable("merges");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Entity).HasMaxLength(20).IsRequired();
        b.Property(x => x.MergedIds).IsJson();
        b.Property(x => x.UndoState).IsJson();
        b.HasIndex(x => new { x.WorkspaceId, x.SurvivorId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
