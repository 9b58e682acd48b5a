using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Activities;

/// <summary>A record an activity concerns, as the API shows and takes it: <c>{"type": "deal", "id": "…"}</c>.</summary>
public sealed record TargetRef(string? Type = null, Guid? Id = null);

/// <summary>
/// The records an activity concerns (<see cref="ActivityTarget"/>; docs/decisions/0006-activity-targets.md).
/// A contact or account target is the activity's own <c>ContactId</c>/<c>AccountId</c>; any other registered
/// record type is an <c>activity_targets</c> row. The API presents both as one <c>targets</c> list.
/// </summary>
public sealed class ActivityTargets(RapportDb db, RecordAccess records)
{
    /// <summary>What an activity links to after a create or a patch; <see cref="Others"/> null when unchanged.</summary>
    public sealed record Links(Guid? ContactId, Guid? AccountId, IReadOnlyList<RecordRef>? Others);

    /// <summary>
    /// Merges the explicit <c>contactId</c>/<c>accountId</c> with a <c>targets</c> list (null: not given) and
    /// checks every other target: a registered type (400), a live record of this workspace in sight (404).
    /// A contact or account target must agree with an explicit contactId/accountId; one of each at most.
    /// </summary>
    public async Task<Links> ResolveAsync(Guid? contactId, Guid? accountId, IReadOnlyList<TargetRef>? targets, CancellationToken ct)
    {
        if (targets is null) return new Links(contactId, accountId, null);
        if (targets.Count > 50) throw new ValidationFailedException("targets", "At most 50 targets.");
        var others = new List<RecordRef>();
        Guid? targetContact = null, targetAccount = null;
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            if (t is null || string.IsNullOrWhiteSpace(t.Type)) throw new ValidationFailedException($"targets[{i}].type", "Give the record's type, e.g. \"deal\".");
            if (t.Id is not { } id || id == Guid.Empty) throw new ValidationFailedException($"targets[{i}].id", "Give the record's id.");
            if (!records.Types.IsKnown(t.Type))
                throw new ValidationFailedException($"targets[{i}].type", $"Must be one of: {string.Join(", ", records.Types.All.Select(x => x.Name).Order(StringComparer.Ordinal))}.");
            if (t.Type == CustomFieldEntities.Contact)
            {
                if (targetContact is { } c && c != id) throw new ValidationFailedException($"targets[{i}]", "An activity concerns one contact at most.");
                targetContact = id;
            }
            else if (t.Type == CustomFieldEntities.Account)
            {
                if (targetAccount is { } a && a != id) throw new ValidationFailedException($"targets[{i}]", "An activity concerns one account at most.");
                targetAccount = id;
            }
            else
            {
                var r = new RecordRef(t.Type, id);
                if (others.Contains(r)) continue;
                await records.EnsureVisibleAsync(r, ct, $"targets[{i}].type");
                others.Add(r);
            }
        }
        if (contactId is { } ec && targetContact is { } tc && ec != tc) throw new ValidationFailedException("targets", "The contact target differs from contactId.");
        if (accountId is { } ea && targetAccount is { } ta && ea != ta) throw new ValidationFailedException("targets", "The account target differs from accountId.");
        return new Links(contactId ?? targetContact, accountId ?? targetAccount, others);
    }

    /// <summary>Replaces an activity's other targets (tracked; the caller saves).</summary>
    public async Task SetAsync(string activityType, Guid workspaceId, Guid activityId, IReadOnlyList<RecordRef> others, CancellationToken ct)
    {
        var existing = await db.ActivityTargets.Where(t => t.ActivityType == activityType && t.ActivityId == activityId).ToListAsync(ct);
        foreach (var row in existing.Where(e => !others.Contains(new RecordRef(e.TargetType, e.TargetId))))
            db.ActivityTargets.Remove(row);
        foreach (var r in others.Where(o => !existing.Any(e => e.TargetType == o.Type && e.TargetId == o.Id)))
            db.ActivityTargets.Add(new ActivityTarget
            {
                WorkspaceId = workspaceId, ActivityType = activityType, ActivityId = activityId,
                TargetType = r.Type, TargetId = r.Id, CreatedAt = db.Now,
            });
    }

    /// <summary>The other targets of these activities (the contact and account ones are on the rows).</summary>
    public async Task<ILookup<Guid, RecordRef>> OthersAsync(string activityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return Array.Empty<RecordRef>().ToLookup(_ => Guid.Empty);
        var rows = await db.ActivityTargets.AsNoTracking().Where(t => t.ActivityType == activityType && ids.Contains(t.ActivityId))
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Select(t => new { t.ActivityId, t.TargetType, t.TargetId }).ToListAsync(ct);
        return rows.ToLookup(r => r.ActivityId, r => new RecordRef(r.TargetType, r.TargetId));
    }

    /// <summary>One <c>targets</c> list: the contact, the account, then the others.</summary>
    public static IReadOnlyList<TargetRef> All(Guid? contactId, Guid? accountId, IEnumerable<RecordRef> others)
    {
        var list = new List<TargetRef>();
        if (contactId is { } c) list.Add(new TargetRef(CustomFieldEntities.Contact, c));
        if (accountId is { } a) list.Add(new TargetRef(CustomFieldEntities.Account, a));
        list.AddRange(others.Select(o => new TargetRef(o.Type, o.Id)));
        return list;
    }

    /// <summary>
    /// Activities whose other targets are all in sight (their contact and account are checked by
    /// <see cref="ActivityAccess"/>). <paramref name="owners"/>: the visible owner ids, never null here.
    /// </summary>
    public IQueryable<T> InSight<T>(IQueryable<T> query, string activityType, Guid[] owners) where T : class, ILinkedToCustomer
    {
        foreach (var type in records.Types.All)
        {
            if (type.Name is CustomFieldEntities.Contact or CustomFieldEntities.Account) continue;
            var name = type.Name;
            var hidden = type.OutOfSight(db, owners);
            var targets = db.ActivityTargets;
            query = query.Where(x => !targets.Any(t => t.ActivityType == activityType && t.ActivityId == x.Id && t.TargetType == name && hidden.Contains(t.TargetId)));
        }
        return query;
    }

    /// <summary>
    /// The list filter <c>?targetType=&amp;targetId=</c>: both or neither (400), a registered type (400),
    /// the record in sight (404).
    /// </summary>
    public async Task<IQueryable<T>> FilterAsync<T>(IQueryable<T> query, string activityType, string? targetType, Guid? targetId, CancellationToken ct)
        where T : class, ILinkedToCustomer
    {
        if (targetType is null && targetId is null) return query;
        if (string.IsNullOrEmpty(targetType)) throw new ValidationFailedException("targetType", "Give targetType with targetId.");
        if (targetId is not { } id) throw new ValidationFailedException("targetId", "Give targetId with targetType.");
        if (!records.Types.IsKnown(targetType))
            throw new ValidationFailedException("targetType", $"Must be one of: {string.Join(", ", records.Types.All.Select(x => x.Name).Order(StringComparer.Ordinal))}.");
        await records.EnsureVisibleAsync(new RecordRef(targetType, id), ct, "targetType");
        if (targetType == CustomFieldEntities.Contact) return query.Where(x => x.ContactId == id);
        if (targetType == CustomFieldEntities.Account) return query.Where(x => x.AccountId == id);
        var targets = db.ActivityTargets;
        return query.Where(x => targets.Any(t => t.ActivityType == activityType && t.ActivityId == x.Id && t.TargetType == targetType && t.TargetId == id));
    }
}
