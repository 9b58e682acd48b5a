using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Activities;

/// <summary>
/// Conversion: the notes, tasks and interactions that target the converted record (an <c>activity_targets</c> row,
/// those in the trash too) get the new contact, and the account when there is one, where they have none yet. They keep
/// their target row, so they stay on the lead's timeline as well as showing on the contact's and the account's.
/// </summary>
public sealed class ActivitiesConversionParticipant(RapportDb db) : IConversionParticipant
{
    public async Task ConvertedAsync(ConversionContext c, CancellationToken ct)
    {
        await LinkAsync(db.Notes, ActivityTypes.Note, c, (x, id) => x.ContactId = id, (x, id) => x.AccountId = id, ct);
        await LinkAsync(db.Tasks, ActivityTypes.Task, c, (x, id) => x.ContactId = id, (x, id) => x.AccountId = id, ct);
        await LinkAsync(db.Interactions, ActivityTypes.Interaction, c, (x, id) => x.ContactId = id, (x, id) => x.AccountId = id, ct);
    }

    private async Task LinkAsync<T>(DbSet<T> set, string activityType, ConversionContext c, Action<T, Guid> setContact, Action<T, Guid> setAccount,
        CancellationToken ct) where T : class, ILinkedToCustomer
    {
        var ids = db.ActivityTargets.Where(t => t.ActivityType == activityType && t.TargetType == c.From.Type && t.TargetId == c.From.Id)
            .Select(t => t.ActivityId);
        foreach (var row in await set.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(x => ids.Contains(x.Id)).ToListAsync(ct))
        {
            // An activity concerns one contact and one account at most: one it already has stays.
            if (row.ContactId is null) setContact(row, c.ContactId);
            if (row.AccountId is null && c.AccountId is { } account) setAccount(row, account);
        }
    }
}
