using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform;

/// <summary>
/// A key for the API. Only its SHA-256 hash is stored (global unique index: a request is
/// authenticated before its workspace is known); the key itself is shown once.
/// </summary>
public sealed class ApiKey : IWorkspaceOwned, IAudited, IHasCreatedAt
{
    public const string Prefix = "rpk_";

    public Guid WorkspaceId { get; set; }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string Role { get; set; } = Roles.ReadOnly;
    [NotAudited] public string KeyHash { get; set; } = "";
    /// <summary>The first characters of the key, so people can tell keys apart.</summary>
    public string KeyStart { get; set; } = "";
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.Property(x => x.Role).HasMaxLength(20).IsRequired();
        b.Property(x => x.KeyHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.KeyStart).HasMaxLength(16).IsRequired();
        b.HasIndex(x => x.KeyHash).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
