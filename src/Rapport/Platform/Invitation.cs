using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform;

/// <summary>An invite link for someone to join a workspace with a role. The token is stored hashed.</summary>
public sealed class Invitation : IWorkspaceOwned, IAudited, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Email { get; set; } = "";
    public string Role { get; set; } = Roles.Sales;
    [NotAudited] public string TokenHash { get; set; } = "";
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
}

public sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("invitations");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Email).HasMaxLength(320).IsRequired();
        b.Property(x => x.Role).HasMaxLength(20).IsRequired();
        b.Property(x => x.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
