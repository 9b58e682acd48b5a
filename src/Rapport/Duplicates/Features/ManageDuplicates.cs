using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Duplicates.Features;

/// <summary>
/// The review queue: start a scan (admins: it reads every record of the workspace), see its progress,
/// list the groups best first, dismiss a group. The queue shows each group's records that are in the
/// caller's sight and not in the trash, and only groups with two such records: a group never reveals
/// a record the caller may not see, and a merged group (one record left) drops out by itself —
/// and comes back if the merge is undone.
/// </summary>
public sealed class ManageDuplicates(RapportDb db, RequestContext ctx, CustomerAccess access)
{
    public sealed record StartRequest(string? Entity);
    public sealed record ScanDto(Guid Id, string Entity, string Status, long RecordsScanned, long PairsCompared, int GroupsFound,
        DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, double? Seconds, string? Error);
    public sealed record GroupDto(Guid Id, string Entity, IReadOnlyList<Guid> RecordIds, double Score, IReadOnlyList<string> Reasons, Guid ScanId, DateTime CreatedAt);

    public static string ParseEntity(string? entity, string field = "entity")
    {
        if (entity is null) throw new ValidationFailedException(field, "Is required: contact or account.");
        if (!DuplicateEntities.All.Contains(entity)) throw new ValidationFailedException(field, "Must be contact or account.");
        return entity;
    }

    /// <summary>Requests a scan; a scan of the same entity already running is answered instead of starting a second.</summary>
    public async Task<ScanDto> StartAsync(StartRequest? request, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var entity = ParseEntity(request?.Entity);
        var running = await db.DuplicateScans.Where(s => s.Entity == entity && s.Status == DuplicateScanStatus.Running).OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        if (running is not null) return ToDto(running);
        var scan = new DuplicateScan { WorkspaceId = ctx.WorkspaceId, Entity = entity, CreatedAt = db.Now, RequestedByUserId = await access.ActingUserIdAsync(ct) };
        db.DuplicateScans.Add(scan);
        await db.SaveChangesAsync(ct);
        return ToDto(scan);
    }

    public async Task<ScanDto> GetScanAsync(Guid id, CancellationToken ct) =>
        ToDto(await db.DuplicateScans.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("The scan was not found."));

    /// <summary>The latest scan of an entity, or null.</summary>
    public async Task<ScanDto?> LatestScanAsync(string entity, CancellationToken ct)
    {
        var s = await db.DuplicateScans.AsNoTracking().Where(x => x.Entity == entity).OrderByDescending(x => x.CreatedAt).FirstOrDefaultAsync(ct);
        return s is null ? null : ToDto(s);
    }

    public static ScanDto ToDto(DuplicateScan s) => new(s.Id, s.Entity, s.Status, s.RecordsScanned, s.PairsCompared, s.GroupsFound, s.CreatedAt, s.StartedAt, s.FinishedAt,
        s.StartedAt is { } a && s.FinishedAt is { } f ? Math.Round((f - a).TotalSeconds, 3) : null, s.Error);

    /// <summary>Groups best score first, keyset-paged by (score, id).</summary>
    public async Task<Page<GroupDto>> ListAsync(string? entity, int? limit, string? cursor, CancellationToken ct)
    {
        var kind = ParseEntity(entity);
        var take = Paging.ClampLimit(limit);
        var items = new List<GroupDto>();
        (double Score, Guid Id)? after = string.IsNullOrEmpty(cursor) ? null : DecodeCursor(cursor);
        string? next = null;
        // Groups whose records are out of sight or merged are skipped, so read on until the page is full.
        while (true)
        {
            IQueryable<DuplicateGroup> q = db.DuplicateGroups.AsNoTracking().Where(g => g.Entity == kind);
            if (after is { } a) q = q.Where(g => g.Score < a.Score || (g.Score == a.Score && g.Id.CompareTo(a.Id) > 0));
            var batch = await q.OrderByDescending(g => g.Score).ThenBy(g => g.Id).Take(take + 1).ToListAsync(ct);
            var ids = batch.Select(g => g.Id).ToList();
            var members = await db.DuplicateGroupMembers.Where(m => ids.Contains(m.GroupId)).Select(m => new { m.GroupId, m.RecordId }).ToListAsync(ct);
            var visible = (await VisibleAsync(kind, members.Select(m => m.RecordId).Distinct().ToList(), ct)).ToHashSet();
            foreach (var g in batch)
            {
                if (items.Count == take) { next = EncodeCursor(after!.Value.Score, after.Value.Id); break; }
                after = (g.Score, g.Id);
                var shown = members.Where(m => m.GroupId == g.Id && visible.Contains(m.RecordId)).Select(m => m.RecordId).Order().ToList();
                if (shown.Count >= 2) items.Add(ToDto(g, shown));
            }
            if (items.Count == take && next is null && batch.Count > take) next = EncodeCursor(after!.Value.Score, after.Value.Id);
            if (items.Count == take || batch.Count <= take) break;
        }
        return new Page<GroupDto>(items, next);
    }

    public async Task<GroupDto> GetGroupAsync(Guid id, CancellationToken ct)
    {
        var g = await db.DuplicateGroups.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("The group was not found.");
        var members = await db.DuplicateGroupMembers.Where(m => m.GroupId == id).Select(m => m.RecordId).ToListAsync(ct);
        var visible = await VisibleAsync(g.Entity, members, ct);
        if (visible.Count < 2) throw new NotFoundException("The group was not found.");
        return ToDto(g, visible.Order().ToList());
    }

    /// <summary>"Not duplicates": every pair of the group's visible records is remembered apart, and the group leaves the queue.</summary>
    public async Task DismissAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var g = await GetGroupAsync(id, ct);
        var me = await access.ActingUserIdAsync(ct);
        var existing = (await db.DuplicateDismissals.Where(d => g.RecordIds.Contains(d.RecordA)).Select(d => new { d.RecordA, d.RecordB }).ToListAsync(ct))
            .Select(d => (d.RecordA, d.RecordB)).ToHashSet();
        for (var i = 0; i < g.RecordIds.Count; i++)
            for (var j = i + 1; j < g.RecordIds.Count; j++)
            {
                var (a, b) = DuplicateDismissal.Order(g.RecordIds[i], g.RecordIds[j]);
                if (existing.Add((a, b)))
                    db.DuplicateDismissals.Add(new DuplicateDismissal { WorkspaceId = ctx.WorkspaceId, RecordA = a, RecordB = b, Entity = g.Entity, DismissedByUserId = me, CreatedAt = db.Now });
            }
        await db.DuplicateGroups.Where(x => x.Id == id).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task<List<Guid>> VisibleAsync(string entity, List<Guid> ids, CancellationToken ct) => entity == DuplicateEntities.Account
        ? await (await access.AccountsAsync(ct)).Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)
        : await (await access.ContactsAsync(ct)).Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);

    private static GroupDto ToDto(DuplicateGroup g, List<Guid> recordIds) =>
        new(g.Id, g.Entity, recordIds, g.Score, JsonSerializer.Deserialize<List<string>>(g.Reasons) ?? [], g.ScanId, g.CreatedAt);

    private static string EncodeCursor(double score, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{score.ToString("R", CultureInfo.InvariantCulture)}:{id:N}"));

    private static (double Score, Guid Id) DecodeCursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            return (double.Parse(parts[0], CultureInfo.InvariantCulture), Guid.ParseExact(parts[1], "N"));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new ValidationFailedException("cursor", "The cursor is not valid.");
        }
    }
}
