using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Activities;

/// <summary>
/// One record an activity (a note, a task, an interaction) concerns besides its contact and account:
/// a deal, a lead, later a ticket or an order — any registered record type (<see cref="Records.RecordType"/>).
/// The contact and account links stay the activity's own <c>contact_id</c>/<c>account_id</c> columns
/// (they carry the foreign keys, the indexes and the customer timelines); the API shows both kinds as one
/// <c>targets</c> list. See docs/decisions/0006-activity-targets.md. Table <c>activity_targets</c>.
/// </summary>
public sealed class ActivityTarget : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>One of <see cref="ActivityTypes"/>.</summary>
    public string ActivityType { get; set; } = "";
    public Guid ActivityId { get; set; }
    /// <summary>A registered record type's name, e.g. "deal", "lead".</summary>
    public string TargetType { get; set; } = "";
    public Guid TargetId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class ActivityTypes
{
    public const string Note = "note", Task = "task", Interaction = "interaction";

    public static string Of<T>() => typeof(T) == typeof(Activities.Note) ? Note : typeof(T) == typeof(CrmTask) ? Task
        : typeof(T) == typeof(Activities.Interaction) ? Interaction : throw new ArgumentException($"{typeof(T).Name} is not an activity.");
}

public sealed class ActivityTargetConfiguration : IEntityTypeConfiguration<ActivityTarget>
{
    public void Configure(EntityTypeBuilder<ActivityTarget> b)
    {
        b.ToTable("activity_targets");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.ActivityType).HasMaxLength(20).IsRequired();
        b.Property(x => x.TargetType).HasMaxLength(40).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.ActivityType, x.ActivityId, x.TargetType, x.TargetId }, "ux_activity_targets_activity_target").IsUnique();
        b.HasIndex(x => new { x.WorkspaceId, x.TargetType, x.TargetId }, "ix_activity_targets_target");
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
