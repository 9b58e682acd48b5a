using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Trash;

/// <summary>A record in the trash: the row itself stays in its table with deleted_at set; this entry lists it.</summary>
public sealed class TrashEntry : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    /// <summary>camelCase entity name, e.g. "team".</summary>
    public string EntityType { get; set; } = "";
    public Guid EntityId { get; set; }
    public string Title { get; set; } = "";
    /// <summary>When it was deleted.</summary>
    public DateTime CreatedAt { get; set; }
    public Guid? DeletedByUserId { get; set; }
    public Guid? DeletedByApiKeyId { get; set; }

    /// <summary>The entry for a record another module puts in the trash in bulk (an undone import), titled at most 300 characters.</summary>
    public static TrashEntry For(Guid workspaceId, string entityType, Guid entityId, string title, DateTime deletedAt, Guid? byUserId, Guid? byApiKeyId) => new()
    {
        WorkspaceId = workspaceId, EntityType = entityType, EntityId = entityId, Title = title.Length <= 300 ? title : title[..299] + "…",
        CreatedAt = deletedAt, DeletedByUserId = byUserId, DeletedByApiKeyId = byApiKeyId,
    };
}

public sealed class TrashEntryConfiguration : IEntityTypeConfiguration<TrashEntry>
{
    public void Configure(EntityTypeBuilder<TrashEntry> b)
    {
        b.ToTable("trash");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.EntityType).HasMaxLength(60).IsRequired();
        b.Property(x => x.Title).HasMaxLength(300).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.EntityId }).IsUnique();
        b.HasIndex(x => x.CreatedAt);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
