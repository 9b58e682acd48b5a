using System.Buffers.Text;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Rapport.Common;

/// <summary>One page of a keyset-paginated list: the API's <c>{items, nextCursor}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), NextCursor);
}

/// <summary>Any entity listed newest-first by (created_at, id).</summary>
public interface IHasCreatedAt
{
    Guid Id { get; }
    DateTime CreatedAt { get; }
}

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int ClampLimit(int? limit)
    {
        if (limit is null) return DefaultLimit;
        if (limit < 1 || limit > MaxLimit)
            throw new ValidationFailedException("limit", $"Must be between 1 and {MaxLimit}.");
        return limit.Value;
    }

    /// <summary>
    /// Newest first, by (created_at, id): UUIDv7 ids are not ordered within one millisecond, so the
    /// id only breaks ties. The cursor is opaque to clients.
    /// </summary>
    public static async Task<Page<T>> NewestFirstAsync<T>(IQueryable<T> query, int? limit, string? cursor, CancellationToken ct)
        where T : class, IHasCreatedAt
    {
        var take = ClampLimit(limit);
        if (!string.IsNullOrEmpty(cursor))
        {
            var (at, id) = Decode(cursor);
            query = query.Where(x => x.CreatedAt < at || (x.CreatedAt == at && x.Id.CompareTo(id) < 0));
        }
        var rows = await query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Take(take + 1).ToListAsync(ct);
        string? next = null;
        if (rows.Count > take)
        {
            rows.RemoveAt(take);
            var last = rows[^1];
            next = Encode(last.CreatedAt, last.Id);
        }
        return new Page<T>(rows, next);
    }

    public static string Encode(DateTime at, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at.Ticks}:{id:N}"));

    public static (DateTime At, Guid Id) Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split(':');
            return (new DateTime(long.Parse(parts[0]), DateTimeKind.Utc), Guid.ParseExact(parts[1], "N"));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new ValidationFailedException("cursor", "The cursor is not valid.");
        }
    }
}
