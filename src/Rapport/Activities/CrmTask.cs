using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Activities;

/// <summary>A follow-up: title, due time, reminder, priority, assignee, linked contact or account. Table <c>tasks</c>.</summary>
public sealed class CrmTask : IWorkspaceOwned, ILinkedToCustomer, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public DateTime? DueAt { get; set; }
    public DateTime? RemindAt { get; set; }
    /// <summary>When the reminder notification was sent (null: not yet).</summary>
    public DateTime? RemindedAt { get; set; }
    /// <summary>low, normal or high.</summary>
    public string Priority { get; set; } = TaskPriorities.Normal;
    public Guid? AssigneeId { get; set; }
    public Guid? ContactId { get; set; }
    public Guid? AccountId { get; set; }
    /// <summary>open or completed.</summary>
    public string Status { get; set; } = TaskStatuses.Open;
    public DateTime? CompletedAt { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public string TrashTitle => $"Task: {Title}";
}

public static class TaskPriorities
{
    public const string Low = "low", Normal = "normal", High = "high";
    public static readonly string[] All = [Low, Normal, High];
}

public static class TaskStatuses
{
    public const string Open = "open", Completed = "completed";
    public static readonly string[] All = [Open, Completed];
}

public sealed class CrmTaskConfiguration : IEntityTypeConfiguration<CrmTask>
{
    public void Configure(EntityTypeBuilder<CrmTask> b)
    {
        b.ToTable("tasks");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.Title).HasMaxLength(300).IsRequired();
        b.Property(x => x.Description).HasMaxLength(20000);
        b.Property(x => x.Priority).HasMaxLength(10).IsRequired();
        b.Property(x => x.Status).HasMaxLength(10).IsRequired();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.AssigneeId, x.Status, x.DueAt });
        b.HasIndex(x => new { x.WorkspaceId, x.ContactId });
        b.HasIndex(x => new { x.WorkspaceId, x.AccountId });
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        // The reminder job looks across workspaces for reminders that are due and not yet sent.
        b.HasIndex(x => new { x.RemindAt, x.RemindedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.ClientSetNull);
        b.HasOne<Account>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.AccountId }).OnDelete(DeleteBehavior.ClientSetNull);
    }
}
