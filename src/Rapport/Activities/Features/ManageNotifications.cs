using System.Buffers.Text;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Activities.Features;

/// <summary>
/// The acting user's in-app notifications (the bell): list newest first or unread first (keyset
/// pages), the unread count, mark one read, mark all read. Someone else's notification is a 404.
/// </summary>
public sealed class ManageNotifications(RapportDb db, ActivityAccess access)
{
    public const string Newest = "newest", UnreadFirst = "unreadFirst";
    public static readonly string[] Sorts = [Newest, UnreadFirst];

    public sealed record UnreadCount(int Count);

    public sealed record ReadAllResult(int Updated);

    public async Task<Page<NotificationDto>> ListAsync(string? sort, bool? unread, int? limit, string? cursor, CancellationToken ct)
    {
        sort ??= Newest;
        if (!Sorts.Contains(sort)) throw new ValidationFailedException("sort", $"Must be one of: {string.Join(", ", Sorts)}.");
        var take = Paging.ClampLimit(limit);
        var me = await access.ActingUserIdAsync(ct);
        if (me is not { } userId) return new Page<NotificationDto>([], null);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (unread == true) mine = mine.Where(n => n.ReadAt == null);
        if (unread == false) mine = mine.Where(n => n.ReadAt != null);
        if (sort == Newest) return (await Paging.NewestFirstAsync(mine, take, cursor, ct)).Map(NotificationDto.From);

        // Unread first: the unread ones newest first, then the read ones newest first. The cursor
        // says which of the two runs it stopped in.
        var (inUnread, at, id) = cursor is null ? (true, (DateTime?)null, (Guid?)null) : DecodeUnreadFirst(cursor);
        var rows = new List<(bool Unread, Notification N)>();
        if (inUnread)
            rows.AddRange((await After(mine.Where(n => n.ReadAt == null), at, id).Take(take + 1).ToListAsync(ct)).Select(n => (true, n)));
        if (rows.Count <= take)
        {
            var readAfter = inUnread ? null : at;
            var readAfterId = inUnread ? null : id;
            rows.AddRange((await After(mine.Where(n => n.ReadAt != null), readAfter, readAfterId).Take(take + 1 - rows.Count).ToListAsync(ct)).Select(n => (false, n)));
        }
        string? next = null;
        if (rows.Count > take)
        {
            rows.RemoveRange(take, rows.Count - take);
            var last = rows[^1];
            next = EncodeUnreadFirst(last.Unread, last.N.CreatedAt, last.N.Id);
        }
        return new Page<NotificationDto>(rows.Select(r => NotificationDto.From(r.N)).ToList(), next);
    }

    public async Task<UnreadCount> UnreadCountAsync(CancellationToken ct)
    {
        var me = await access.ActingUserIdAsync(ct);
        if (me is not { } userId) return new UnreadCount(0);
        return new UnreadCount(await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct));
    }

    public async Task<NotificationDto> MarkReadAsync(Guid id, CancellationToken ct)
    {
        var userId = await access.RequireActingUserAsync(ct);
        var n = await db.Notifications.SingleOrDefaultAsync(x => x.Id == id && x.UserId == userId, ct)
            ?? throw new NotFoundException("The notification was not found.");
        n.ReadAt ??= db.Now;
        await db.SaveChangesAsync(ct);
        return NotificationDto.From(n);
    }

    public async Task<ReadAllResult> MarkAllReadAsync(CancellationToken ct)
    {
        var me = await access.ActingUserIdAsync(ct);
        if (me is not { } userId) return new ReadAllResult(0);
        var now = db.Now;
        var updated = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return new ReadAllResult(updated);
    }

    private static IQueryable<Notification> After(IQueryable<Notification> q, DateTime? at, Guid? id)
    {
        if (at is { } a && id is { } i) q = q.Where(n => n.CreatedAt < a || (n.CreatedAt == a && n.Id.CompareTo(i) < 0));
        return q.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id);
    }

    private static string EncodeUnreadFirst(bool unread, DateTime at, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{(unread ? 'u' : 'r')}:{at.Ticks}:{id:N}"));

    private static (bool Unread, DateTime? At, Guid? Id) DecodeUnreadFirst(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length != 3 || parts[0] is not ("u" or "r")) throw new FormatException();
            return (parts[0] == "u", new DateTime(long.Parse(parts[1]), DateTimeKind.Utc), Guid.ParseExact(parts[2], "N"));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ValidationFailedException("cursor", "The cursor is not valid.");
        }
    }
}
