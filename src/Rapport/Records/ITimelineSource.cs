namespace Rapport.Records;

/// <summary>
/// The timeline's extension point. Each module that has something to show on a contact's or an
/// account's timeline (interactions, notes, tasks, field changes, stage changes; later deals,
/// tickets, orders, campaign events) registers one source in DI:
/// <c>services.AddScoped&lt;ITimelineSource, MySource&gt;()</c>. The timeline asks every source
/// whose types are wanted for its newest items before the cursor and merges them newest first.
/// </summary>
public interface ITimelineSource
{
    /// <summary>The item types this source yields (camelCase, e.g. "interaction", "note").</summary>
    IReadOnlyCollection<string> Types { get; }

    /// <summary>
    /// Up to <see cref="TimelineQuery.Limit"/> items for the query's records, newest first, strictly
    /// before (<see cref="TimelineQuery.BeforeAt"/>, <see cref="TimelineQuery.BeforeId"/>) when set.
    /// The caller has already checked that the records are visible.
    /// </summary>
    Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct);
}

/// <summary>
/// Whose timeline: a contact's (<see cref="ContactIds"/> holds one id) or an account's
/// (<see cref="AccountId"/> set, and <see cref="ContactIds"/> its contacts); and/or any records'
/// (<see cref="Records"/>: a deal's page asks for its own <see cref="RecordRef"/>, a lead's for its own).
/// A source that knows nothing of record refs answers them with nothing.
/// </summary>
public sealed record TimelineQuery(
    IReadOnlyList<Guid> ContactIds,
    Guid? AccountId,
    IReadOnlySet<string>? Types,
    DateTime? BeforeAt,
    Guid? BeforeId,
    int Limit,
    IReadOnlyList<RecordRef>? Records = null)
{
    /// <summary>The timeline of records (e.g. a deal's), without contacts or an account.</summary>
    public static TimelineQuery For(IReadOnlyList<RecordRef> records, IReadOnlySet<string>? types, DateTime? beforeAt, Guid? beforeId, int limit) =>
        new([], null, types, beforeAt, beforeId, limit, records);

    public bool IsEmpty => ContactIds.Count == 0 && AccountId is null && (Records is null || Records.Count == 0);
}

/// <summary>One entry: <c>type</c> and <c>occurredAt</c> always; the rest describes it.</summary>
public sealed record TimelineItem(
    string Type,
    Guid Id,
    DateTime OccurredAt,
    string Title,
    string? Body,
    Guid? ContactId,
    Guid? AccountId,
    Guid? ActorUserId,
    IReadOnlyDictionary<string, object?>? Data);
