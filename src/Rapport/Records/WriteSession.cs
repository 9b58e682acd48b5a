using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Records;

/// <summary>
/// What a module's writer (<c>ContactWriter</c>, <c>AccountWriter</c>, <c>LeadWriter</c>) reads once per
/// request (or once per import) instead of once per record: the workspace's country, the custom field
/// definitions, the acting user. A bulk session (the import) also holds the active members, leaves
/// custom-field uniqueness to its caller (which checks a whole file against one index) and collects the
/// rows the writer produces besides the record (stage changes, consent events) in <see cref="Pending"/>
/// instead of adding them to the context, so validating a row costs no query.
/// </summary>
public sealed class WriteSession
{
    public required string Country { get; init; }
    public required IReadOnlyList<CustomFieldDefinition> Defs { get; init; }
    public Guid? Actor { get; init; }
    /// <summary>Set for a bulk session.</summary>
    public HashSet<Guid>? ActiveMembers { get; init; }
    public bool Bulk => ActiveMembers is not null;
    /// <summary>A bulk session's produced rows, inserted by the import after the records.</summary>
    public PendingRows Pending { get; } = new();

    public static async Task<HashSet<Guid>> ActiveMembersAsync(RapportDb db, CancellationToken ct) =>
        (await db.Memberships.Where(m => m.DeactivatedAt == null).Select(m => m.UserId).ToListAsync(ct)).ToHashSet();

    public async ValueTask<bool> IsActiveMemberAsync(RapportDb db, Guid userId, CancellationToken ct) =>
        ActiveMembers is { } members ? members.Contains(userId) : await Platform.Membership.IsActiveMemberAsync(db, userId, ct);
}

/// <summary>Where pending rows go: the import's bulk writer.</summary>
public interface IRowSink
{
    Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken ct) where T : class;
}

/// <summary>Rows of any entity types, kept per type in the order the types first appeared.</summary>
public sealed class PendingRows
{
    private interface IRows
    {
        int Count { get; }
        void Truncate(int count);
        Task InsertAsync(IRowSink sink, CancellationToken ct);
    }

    private sealed class Rows<T> : IRows where T : class
    {
        public readonly List<T> Items = [];
        public int Count => Items.Count;
        public void Truncate(int count) { if (Items.Count > count) Items.RemoveRange(count, Items.Count - count); }
        public Task InsertAsync(IRowSink sink, CancellationToken ct) => sink.InsertAsync(Items, ct);
    }

    private readonly List<IRows> order = [];
    private readonly Dictionary<Type, IRows> byType = [];

    public void Add<T>(T row) where T : class
    {
        if (!byType.TryGetValue(typeof(T), out var rows))
        {
            rows = new Rows<T>();
            byType[typeof(T)] = rows;
            order.Add(rows);
        }
        ((Rows<T>)rows).Items.Add(row);
    }

    public IReadOnlyList<T> Of<T>() where T : class => byType.TryGetValue(typeof(T), out var rows) ? ((Rows<T>)rows).Items : [];

    /// <summary>A mark to <see cref="Rewind"/> to (a failed row takes back what it produced).</summary>
    public int[] Mark() => order.Select(r => r.Count).ToArray();

    public void Rewind(int[] mark)
    {
        for (var i = 0; i < order.Count; i++) order[i].Truncate(i < mark.Length ? mark[i] : 0);
    }

    public void Clear() => Rewind([]);

    public async Task InsertAsync(IRowSink sink, CancellationToken ct)
    {
        foreach (var rows in order) await rows.InsertAsync(sink, ct);
    }
}
