using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Customers;

/// <summary>
/// What <see cref="ContactWriter"/> and <see cref="AccountWriter"/> read once per request (or once per
/// import) instead of once per record: the workspace's country, the custom field definitions, the
/// acting user. A bulk session (the import) also holds the active members, leaves custom-field
/// uniqueness to its caller (which checks a whole file against one index) and collects the stage and
/// consent records it produces instead of adding them to the context, so validating a row costs no query.
/// </summary>
public sealed class WriteSession
{
    public required string Country { get; init; }
    public required IReadOnlyList<CustomFieldDefinition> Defs { get; init; }
    public Guid? Actor { get; init; }
    /// <summary>Set for a bulk session.</summary>
    public HashSet<Guid>? ActiveMembers { get; init; }
    public bool Bulk => ActiveMembers is not null;
    public List<LifecycleStageChange> StageChanges { get; } = [];
    public List<ConsentEvent> ConsentEvents { get; } = [];

    public static async Task<HashSet<Guid>> ActiveMembersAsync(RapportDb db, CancellationToken ct) =>
        (await db.Memberships.Where(m => m.DeactivatedAt == null).Select(m => m.UserId).ToListAsync(ct)).ToHashSet();

    internal async ValueTask<bool> IsActiveMemberAsync(RapportDb db, Guid userId, CancellationToken ct) =>
        ActiveMembers is { } members ? members.Contains(userId) : await Platform.Membership.IsActiveMemberAsync(db, userId, ct);

    internal void Add(RapportDb db, LifecycleStageChange change)
    {
        if (Bulk) StageChanges.Add(change);
        else db.LifecycleStageChanges.Add(change);
    }

    internal void Add(RapportDb db, ConsentEvent e)
    {
        if (Bulk) ConsentEvents.Add(e);
        else db.ConsentEvents.Add(e);
    }
}
