using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Activities;

/// <summary>An in-app notification for one user (a mention, a task reminder); the bell shows the unread count.</summary>
public sealed class Notification : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    /// <summary>mention or taskReminder (later modules add theirs).</summary>
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Body { get; set; }
    /// <summary>Where clicking it leads, a path in the app (e.g. "/contacts/{id}").</summary>
    public string? Link { get; set; }
    public Guid? RecordId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Kind).HasMaxLength(30).IsRequired();
        b.Property(x => x.Title).HasMaxLength(300).IsRequired();
        b.Property(x => x.Body).HasMaxLength(1000);
        b.Property(x => x.Link).HasMaxLength(500);
        b.HasIndex(x => new { x.WorkspaceId, x.UserId, x.ReadAt, x.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
