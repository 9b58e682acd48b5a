using Microsoft.EntityFrameworkCore;
using Rapport.Customers.Timeline;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Activities.Timeline;

/// <summary>
/// Which activities belong on a timeline: those linked to one of the query's contacts, or (an
/// account's timeline) to the account itself. An activity linked to both shows once. Each source
/// also applies <see cref="ActivityAccess"/>, so an item shows exactly when the caller could open it
/// (an interaction with a visible contact but an account out of sight stays hidden).
/// </summary>
internal static class TimelineFilter
{
    public static IQueryable<T> Linked<T>(IQueryable<T> q, TimelineQuery query, IQueryable<ActivityTarget> targets) where T : class, ILinkedToCustomer
    {
        if (query.Records is { Count: > 0 } refs)
        {
            // A record's timeline (a deal's, a lead's): the activities that target it. Contact and account refs are the activity's own columns.
            var type = ActivityTypes.Of<T>();
            var contacts = refs.Where(r => r.Type == Customers.CustomFieldEntities.Contact).Select(r => (Guid?)r.Id).ToArray();
            var accounts = refs.Where(r => r.Type == Customers.CustomFieldEntities.Account).Select(r => (Guid?)r.Id).ToArray();
            IQueryable<Guid>? ids = null;
            foreach (var group in refs.Where(r => r.Type is not (Customers.CustomFieldEntities.Contact or Customers.CustomFieldEntities.Account)).GroupBy(r => r.Type))
            {
                var targetType = group.Key;
                var targetIds = group.Select(r => r.Id).ToArray();
                var part = targets.Where(t => t.ActivityType == type && t.TargetType == targetType && targetIds.Contains(t.TargetId)).Select(t => t.ActivityId);
                ids = ids is null ? part : ids.Union(part);
            }
            ids ??= targets.Where(_ => false).Select(t => t.ActivityId);
            return q.Where(x => ids.Contains(x.Id) || contacts.Contains(x.ContactId) || accounts.Contains(x.AccountId));
        }
        var contactIds = query.ContactIds.Select(id => (Guid?)id).ToArray();
        if (query.AccountId is { } accountId)
            return contactIds.Length == 0 ? q.Where(x => x.AccountId == accountId) : q.Where(x => x.AccountId == accountId || contactIds.Contains(x.ContactId));
        if (contactIds.Length == 1)
        {
            var single = contactIds[0];
            return q.Where(x => x.ContactId == single);
        }
        return q.Where(x => contactIds.Contains(x.ContactId));
    }
}

/// <summary>Type "interaction": occurredAt = when it happened; data = channel, direction, durationSeconds, outcome, participants.</summary>
public sealed class InteractionTimelineSource(RapportDb db, ActivityAccess access) : ITimelineSource
{
    public const string Type = "interaction";
    public IReadOnlyCollection<string> Types { get; } = [Type];

    public async Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct)
    {
        if (query.IsEmpty) return [];
        var q = TimelineFilter.Linked(await access.VisibleAsync(db.Interactions.AsNoTracking(), ct), query, db.ActivityTargets);
        if (query.BeforeAt is { } at && query.BeforeId is { } id)
            q = q.Where(i => i.OccurredAt < at || (i.OccurredAt == at && i.Id.CompareTo(id) < 0));
        var rows = await q.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(query.Limit).ToListAsync(ct);
        return rows.Select(i => new TimelineItem(Type, i.Id, i.OccurredAt,
            i.Subject.Length > 0 ? i.Subject : $"{i.Channel} ({i.Direction})", i.Body, i.ContactId, i.AccountId, i.CreatedByUserId,
            new Dictionary<string, object?>
            {
                ["channel"] = i.Channel, ["direction"] = i.Direction, ["durationSeconds"] = i.DurationSeconds,
                ["outcome"] = i.Outcome, ["participants"] = Participant.FromJson(i.Participants),
            })).ToList();
    }
}

/// <summary>Type "note": occurredAt = when it was written; body = the Markdown; data = mentions.</summary>
public sealed class NoteTimelineSource(RapportDb db, ActivityAccess access) : ITimelineSource
{
    public const string Type = "note";
    public IReadOnlyCollection<string> Types { get; } = [Type];

    public async Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct)
    {
        if (query.IsEmpty) return [];
        var q = TimelineFilter.Linked(await access.VisibleAsync(db.Notes.AsNoTracking(), ct), query, db.ActivityTargets);
        if (query.BeforeAt is { } at && query.BeforeId is { } id)
            q = q.Where(n => n.CreatedAt < at || (n.CreatedAt == at && n.Id.CompareTo(id) < 0));
        var rows = await q.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(query.Limit).ToListAsync(ct);
        return rows.Select(n => new TimelineItem(Type, n.Id, n.CreatedAt, "Note", n.Body, n.ContactId, n.AccountId, n.AuthorUserId,
            new Dictionary<string, object?> { ["mentions"] = Mentions.FromJson(n.Mentions) })).ToList();
    }
}

/// <summary>
/// Type "task". occurredAt is the task's completion time once it is completed, its creation time
/// while it is open: a task shows where it was set, and moves up to the moment it was done (a
/// reopened task goes back to its creation time). data = status, priority, dueAt, completedAt, assigneeId.
/// </summary>
public sealed class TaskTimelineSource(RapportDb db, ActivityAccess access) : ITimelineSource
{
    public const string Type = "task";
    public IReadOnlyCollection<string> Types { get; } = [Type];

    public async Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct)
    {
        if (query.IsEmpty) return [];
        var q = TimelineFilter.Linked(await access.VisibleTasksAsync(db.Tasks.AsNoTracking(), ct), query, db.ActivityTargets);
        if (query.BeforeAt is { } at && query.BeforeId is { } id)
            q = q.Where(t => (t.CompletedAt ?? t.CreatedAt) < at || ((t.CompletedAt ?? t.CreatedAt) == at && t.Id.CompareTo(id) < 0));
        var rows = await q.OrderByDescending(t => t.CompletedAt ?? t.CreatedAt).ThenByDescending(t => t.Id).Take(query.Limit).ToListAsync(ct);
        return rows.Select(t => new TimelineItem(Type, t.Id, t.CompletedAt ?? t.CreatedAt, t.Title, t.Description, t.ContactId, t.AccountId, t.CreatedByUserId,
            new Dictionary<string, object?>
            {
                ["status"] = t.Status, ["priority"] = t.Priority, ["dueAt"] = t.DueAt,
                ["completedAt"] = t.CompletedAt, ["assigneeId"] = t.AssigneeId,
            })).ToList();
    }
}
