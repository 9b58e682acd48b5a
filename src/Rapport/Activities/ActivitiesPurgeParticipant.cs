using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Platform.Trash;

namespace Rapport.Activities;

/// <summary>
/// Purge: a note, task or interaction purged from the trash takes its <c>activity_targets</c> rows with it, and so does
/// a purged target record (a deal, a lead: the rows naming it). Tracked removals, saved with the purge.
/// </summary>
public sealed class ActivitiesPurgeParticipant(RapportDb db) : IPurgeParticipant
{
    public async Task PurgingAsync(string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        string? activityType = null;
        if (entityType == NameOf<Note>()) activityType = ActivityTypes.Note;
        else if (entityType == NameOf<CrmTask>()) activityType = ActivityTypes.Task;
        else if (entityType == NameOf<Interaction>()) activityType = ActivityTypes.Interaction;
        var rows = activityType is not null
            ? await db.ActivityTargets.Where(t => t.ActivityType == activityType && ids.Contains(t.ActivityId)).ToListAsync(ct)
            : await db.ActivityTargets.Where(t => t.TargetType == entityType && ids.Contains(t.TargetId)).ToListAsync(ct);
        db.ActivityTargets.RemoveRange(rows);
    }

    private string NameOf<T>() => RapportDb.EntityTypeName(db.Model.FindEntityType(typeof(T))!);
}
