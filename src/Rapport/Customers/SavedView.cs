using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Customers;

/// <summary>A named list query (filters, sort, columns) of one user, private or shared with the workspace.</summary>
public sealed class SavedView : IWorkspaceOwned, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>"contact" or "account" (later modules add theirs).</summary>
    public string Entity { get; set; } = "";
    public string Name { get; set; } = "";
    public Guid OwnerUserId { get; set; }
    public bool Shared { get; set; }
    /// <summary>The list's query string without paging, e.g. "tag=vip&amp;sort=-createdAt".</summary>
    public string Query { get; set; } = "";
    /// <summary>JSON array of column keys.</summary>
    public string Columns { get; set; } = "[]";
    public DateTime CreatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public string TrashTitle => $"{Name} (view)";
}

public sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> b)
    {
        b.ToTable("saved_views");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.Entity).HasMaxLength(20).IsRequired();
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.Property(x => x.Query).HasMaxLength(2000).IsRequired();
        b.Property(x => x.Columns).IsJson();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.Entity, x.OwnerUserId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
