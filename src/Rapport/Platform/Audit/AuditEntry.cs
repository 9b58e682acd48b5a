using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Audit;

/// <summary>
/// One audited event: a create, an update (field by field, old and new value in <see cref="Changes"/>),
/// a delete, a restore, or a sign-in. Written by <see cref="Data.RapportDb"/> in the same transaction as the change.
/// </summary>
public sealed class AuditEntry : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    /// <summary>When it happened (the list is ordered by it).</summary>
    public DateTime CreatedAt { get; set; }
    public Guid? ActorUserId { get; set; }
    public Guid? ActorApiKeyId { get; set; }
    /// <summary>created, updated, deleted, restored, purged, signedIn, signInFailed, signedOut, passwordChanged.</summary>
    public string Action { get; set; } = "";
    /// <summary>camelCase entity name, e.g. "team", "apiKey".</summary>
    public string EntityType { get; set; } = "";
    public Guid? EntityId { get; set; }
    /// <summary>JSON: {"field": {"old": v, "new": v}, ...}; null when there is nothing field-level to say.</summary>
    public string? Changes { get; set; }
}

public static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Restored = "restored";
    public const string Purged = "purged";
    public const string SignedIn = "signedIn";
    public const string SignInFailed = "signInFailed";
    public const string PasswordChanged = "passwordChanged";
    /// <summary>An admin made a reset link for a member (shown to the admin).</summary>
    public const string PasswordResetLinkCreated = "passwordResetLinkCreated";
    /// <summary>A person asked for a reset link by e-mail ("Forgot your password?").</summary>
    public const string PasswordResetRequested = "passwordResetRequested";

    /// <summary>A person's data was erased on request; the entry says when and by whom, not what.</summary>
    public const string Erased = "erased";
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Action).HasMaxLength(40).IsRequired();
        b.Property(x => x.EntityType).HasMaxLength(60).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.EntityId, x.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
