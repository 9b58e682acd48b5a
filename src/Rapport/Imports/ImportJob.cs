using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Imports;

/// <summary>
/// One CSV import: its options, where the uploaded file waits on disk, its progress and counts.
/// Not audited field by field (its counts change every chunk): the import writes one audit entry
/// when it ends and one when it is undone (see docs/modules/imports.md).
/// </summary>
public sealed class ImportJob : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>contact | account (<see cref="IImportTarget.Entity"/>).</summary>
    public string Entity { get; set; } = "";
    public string Status { get; set; } = ImportStatuses.Queued;
    public string FileName { get; set; } = "";
    /// <summary>The uploaded file on the server's disk; deleted when the import completes, fails or is undone (a completed dry run keeps it for "Import for real").</summary>
    public string FilePath { get; set; } = "";
    public long FileBytes { get; set; }
    /// <summary>skip | update | create.</summary>
    public string OnDuplicate { get; set; } = DuplicateStrategies.Skip;
    /// <summary>email | phone | externalId | customFields.KEY (accounts: domain | name | phone | externalId | customFields.KEY).</summary>
    public string MatchOn { get; set; } = "";
    public bool DryRun { get; set; }
    /// <summary>A contact's "company" without a matching account: create it (true) or report the row (false).</summary>
    public bool CreateMissingAccounts { get; set; } = true;
    /// <summary>JSON object: column header → field (only the explicit overrides; guesses fill the rest).</summary>
    public string Map { get; set; } = "{}";
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    /// <summary>Data rows read so far (the header not counted).</summary>
    public int RowsRead { get; set; }
    /// <summary>File bytes read so far, for the progress bar.</summary>
    public long BytesRead { get; set; }
    /// <summary>Why the whole import failed (a bad header, an I/O error); row errors are in <see cref="ImportError"/>.</summary>
    public string? Failure { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public Guid? CreatedByApiKeyId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    /// <summary>Set when the job is claimed and at every committed chunk: a running job without a beat for <see cref="ImportWorker.StallAfter"/> is taken for dead.</summary>
    public DateTime? HeartbeatAt { get; set; }
    /// <summary>The process that claimed the job (<see cref="ImportInstance.Name"/>: machine/pid/id); another process on that machine fails it at once when that one is gone.</summary>
    public string? RunningOn { get; set; }
    public DateTime? FinishedAt { get; set; }
    public DateTime? UndoneAt { get; set; }
}

public static class ImportStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Undone = "undone";
}

public static class DuplicateStrategies
{
    public const string Skip = "skip";
    public const string Update = "update";
    public const string Create = "create";
    public static readonly string[] All = [Skip, Update, Create];
}

/// <summary>A row the import could not take, with its row number (header = 1), column and reason. All are stored; the API shows the first ones.</summary>
public sealed class ImportError : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid ImportId { get; set; }
    /// <summary>Order of the error within the import.</summary>
    public int Seq { get; set; }
    public int Row { get; set; }
    /// <summary>The CSV column header the error is about, or null for the whole row.</summary>
    public string? Column { get; set; }
    public string Message { get; set; } = "";
}

/// <summary>
/// The import's own change log, which undo reads: a record it created, or a record it updated with
/// the old values of the fields it changed (JSON, column → old value as stored).
/// </summary>
public sealed class ImportChange : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid ImportId { get; set; }
    /// <summary>contact | account | contactAccount (a link added to an existing contact).</summary>
    public string EntityType { get; set; } = "";
    public Guid RecordId { get; set; }
    /// <summary>created | updated | linked.</summary>
    public string Action { get; set; } = "";
    /// <summary>For updates: {"column": old value}; for links: the account id.</summary>
    public string? OldValues { get; set; }
}

public sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> b)
    {
        b.ToTable("imports");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Entity).HasMaxLength(30).IsRequired();
        b.Property(x => x.Status).HasMaxLength(20).IsRequired();
        b.Property(x => x.FileName).HasMaxLength(300).IsRequired();
        b.Property(x => x.FilePath).HasMaxLength(1000).IsRequired();
        b.Property(x => x.OnDuplicate).HasMaxLength(10).IsRequired();
        b.Property(x => x.MatchOn).HasMaxLength(120).IsRequired();
        b.Property(x => x.Map).IsJson();
        b.Property(x => x.Failure).HasMaxLength(2000);
        b.Property(x => x.RunningOn).HasMaxLength(300);
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        // The worker's claim query: queued imports of every workspace, oldest first.
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ImportErrorConfiguration : IEntityTypeConfiguration<ImportError>
{
    public void Configure(EntityTypeBuilder<ImportError> b)
    {
        b.ToTable("import_errors");
        b.HasKey(x => new { x.WorkspaceId, x.ImportId, x.Seq });
        b.Property(x => x.Column).HasMaxLength(300);
        b.Property(x => x.Message).HasMaxLength(1000).IsRequired();
        b.HasOne<ImportJob>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ImportId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ImportChangeConfiguration : IEntityTypeConfiguration<ImportChange>
{
    public void Configure(EntityTypeBuilder<ImportChange> b)
    {
        b.ToTable("import_changes");
        b.HasKey(x => new { x.WorkspaceId, x.ImportId, x.EntityType, x.RecordId });
        b.Property(x => x.EntityType).HasMaxLength(30).IsRequired();
        b.Property(x => x.Action).HasMaxLength(10).IsRequired();
        b.HasOne<ImportJob>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ImportId }).OnDelete(DeleteBehavior.Cascade);
    }
}
