using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform;

/// <summary>A user's place in one workspace: role, team, and whether they are deactivated there.</summary>
public sealed class Membership : IWorkspaceOwned, IAudited, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public string Role { get; set; } = Roles.Sales;
    public Guid? TeamId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeactivatedAt { get; set; }

    public User? User { get; set; }
    public Team? Team { get; set; }

    public bool IsActive => DeactivatedAt is null;

    /// <summary>Whether the user is an active member of the current workspace: owners, assignees and mentions must be.</summary>
    public static Task<bool> IsActiveMemberAsync(RapportDb db, Guid userId, CancellationToken ct) =>
        db.Memberships.AnyAsync(m => m.UserId == userId && m.DeactivatedAt == null, ct);
}

public sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("memberships");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Role).HasMaxLength(20).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.UserId }).IsUnique();
        // The workspace switcher lists a user's memberships before a workspace is chosen.
        b.HasIndex(x => x.UserId);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Team).WithMany().HasForeignKey(x => new { x.WorkspaceId, x.TeamId })
            .OnDelete(DeleteBehavior.ClientSetNull);
        b.Ignore(x => x.IsActive);
    }
}
