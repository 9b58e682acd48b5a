using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Duplicates;

/// <summary>
/// One workspace-wide duplicate scan of contacts or accounts: requested by the API or the CLI, run by
/// <see cref="DuplicateScanWorker"/> (or inline by the CLI). Its groups replace the previous scan's.
/// </summary>
public sealed class DuplicateScan : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>"contact" or "account".</summary>
    public string Entity { get; set; } = "";
    /// <summary><see cref="DuplicateScanStatus"/>: running (also while waiting for a worker), completed, failed.</summary>
    public string Status { get; set; } = DuplicateScanStatus.Running;
    public long RecordsScanned { get; set; }
    /// <summary>Candidate pairs scored (after blocking).</summary>
    public long PairsCompared { get; set; }
    public int GroupsFound { get; set; }
    public string? Error { get; set; }
    public Guid? RequestedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>A worker holds the scan until then; an instance that died lets another take it over.</summary>
    public DateTime? LeaseUntil { get; set; }
}

public static class DuplicateScanStatus
{
    public const string Running = "running", Completed = "completed", Failed = "failed";
}

public sealed class DuplicateScanConfiguration : IEntityTypeConfiguration<DuplicateScan>
{
    public void Configure(EntityTypeBuilder<DuplicateScan> b)
    {
        b.ToTable("duplicate_scans");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Entity).HasMaxLength(20).IsRequired();
        b.Property(x => x.Status).HasMaxLength(20).IsRequired();
        b.Property(x => x.Error).HasMaxLength(2000);
        b.HasIndex(x => new { x.WorkspaceId, x.Entity, x.Status });
        // The worker looks for unclaimed scans of every workspace.
        b.HasIndex(x => new { x.Status, x.LeaseUntil });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
