using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Duplicates.Features;

/// <summary>
/// Runs a requested scan: streams the workspace's live records through one lean query (raw ADO.NET,
/// a dozen columns, no entities), finds the groups (<see cref="DuplicateFinder"/>), and replaces the
/// entity's review queue with them. Pairs dismissed before stay apart. The worker calls
/// <see cref="RunNextAsync"/>; the CLI calls <see cref="RunAsync"/> directly and waits.
/// </summary>
public sealed class RunDuplicateScan(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RunDuplicateScan> log)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>Claims the oldest scan no worker holds and runs it; false when there was none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        Guid workspaceId, scanId;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await db.DuplicateScans.IgnoreQueryFilters()
                .Where(s => s.Status == DuplicateScanStatus.Running && (s.LeaseUntil == null || s.LeaseUntil < now))
                .OrderBy(s => s.CreatedAt).Select(s => new { s.WorkspaceId, s.Id, s.LeaseUntil }).FirstOrDefaultAsync(ct);
            if (due is null) return false;
            if (!await TryClaimAsync(db, due.WorkspaceId, due.Id, due.LeaseUntil, now, ct)) return true;
            (workspaceId, scanId) = (due.WorkspaceId, due.Id);
        }
        await RunAsync(workspaceId, scanId, ct);
        return true;
    }

    /// <summary>Takes the lease of a running scan nobody holds (conditional update: of several instances, one wins).</summary>
    private static async Task<bool> TryClaimAsync(RapportDb db, Guid workspaceId, Guid scanId, DateTime? heldUntil, DateTime now, CancellationToken ct)
    {
        var until = now + Lease;
        return await db.DuplicateScans.IgnoreQueryFilters()
            .Where(s => s.WorkspaceId == workspaceId && s.Id == scanId && s.LeaseUntil == heldUntil && s.Status == DuplicateScanStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseUntil, until), ct) == 1;
    }

    /// <summary>
    /// For the CLI: runs the scan here when no worker holds it, else waits for the worker to finish it.
    /// Returns the scan as it ended.
    /// </summary>
    public async Task<ManageDuplicates.ScanDto> RunOrWaitAsync(Guid workspaceId, Guid scanId, CancellationToken ct)
    {
        while (true)
        {
            using (var scope = scopes.CreateScope())
            {
                scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(workspaceId);
                var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
                var scan = await db.DuplicateScans.AsNoTracking().SingleAsync(s => s.Id == scanId, ct);
                if (scan.Status != DuplicateScanStatus.Running) return ManageDuplicates.ToDto(scan);
                var now = clock.GetUtcNow().UtcDateTime;
                if ((scan.LeaseUntil is null || scan.LeaseUntil < now) && await TryClaimAsync(db, workspaceId, scanId, scan.LeaseUntil, now, ct))
                {
                    await RunAsync(workspaceId, scanId, ct);
                    continue;
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>Runs one scan to its end (completed or failed) in its workspace.</summary>
    public async Task RunAsync(Guid workspaceId, Guid scanId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var scan = await db.DuplicateScans.SingleAsync(s => s.Id == scanId, ct);
        if (scan.Status != DuplicateScanStatus.Running) return;
        scan.StartedAt = db.Now;
        await db.SaveChangesAsync(ct);
        var watch = Stopwatch.StartNew();
        try
        {
            var records = scan.Entity == DuplicateEntities.Account ? await LoadAccountsAsync(db, ct) : await LoadContactsAsync(db, ct);
            var loaded = watch.Elapsed;
            var entity = scan.Entity;
            var dismissed = (await db.DuplicateDismissals.Where(d => d.Entity == entity).Select(d => new { d.RecordA, d.RecordB }).ToListAsync(ct))
                .Select(d => (d.RecordA, d.RecordB)).ToHashSet();
            IPairScorer scorer = entity == DuplicateEntities.Account ? new AccountScorer() : new ContactScorer();
            var result = DuplicateFinder.Find(records, scorer, dismissed.Count == 0 ? null : (a, b) => dismissed.Contains(DuplicateDismissal.Order(a, b)), ct);
            var found = watch.Elapsed;
            await ReplaceGroupsAsync(db, scan, records, result.Groups, ct);
            scan.Status = DuplicateScanStatus.Completed;
            scan.RecordsScanned = records.Count;
            scan.PairsCompared = result.PairsCompared;
            scan.GroupsFound = result.Groups.Count;
            log.LogInformation("Duplicate scan {ScanId}: {Records} {Entity}s read in {Load} ms, {Pairs} pairs scored, {Groups} groups in {Find} ms, saved in {Save} ms",
                scan.Id, records.Count, entity, (long)loaded.TotalMilliseconds, result.PairsCompared, result.Groups.Count,
                (long)(found - loaded).TotalMilliseconds, (long)(watch.Elapsed - found).TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Duplicate scan {ScanId} failed", scanId);
            db.ChangeTracker.Clear();
            scan = await db.DuplicateScans.SingleAsync(s => s.Id == scanId, CancellationToken.None);
            scan.Status = DuplicateScanStatus.Failed;
            scan.Error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
        }
        scan.FinishedAt = db.Now;
        scan.LeaseUntil = null;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task ReplaceGroupsAsync(RapportDb db, DuplicateScan scan, IReadOnlyList<ScanRecord> records, List<DuplicateFinder.Group> groups, CancellationToken ct)
    {
        var entity = scan.Entity;
        var workspaceId = scan.WorkspaceId;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.DuplicateGroupMembers.Where(m => db.DuplicateGroups.Any(g => g.Id == m.GroupId && g.Entity == entity)).ExecuteDeleteAsync(ct);
        await db.DuplicateGroups.Where(g => g.Entity == entity).ExecuteDeleteAsync(ct);
        var now = db.Now;
        var pending = 0;
        foreach (var g in groups.OrderByDescending(g => g.Score))
        {
            var group = new DuplicateGroup
            {
                WorkspaceId = workspaceId, Entity = entity, ScanId = scan.Id, Score = g.Score, CreatedAt = now,
                Reasons = JsonSerializer.Serialize(DuplicateReasons.Codes(g.Reasons), JsonDefaults.Options),
            };
            foreach (var m in g.Members) group.Members.Add(new DuplicateGroupMember { WorkspaceId = workspaceId, GroupId = group.Id, RecordId = records[m].Id });
            db.DuplicateGroups.Add(group);
            if (++pending == 500)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                pending = 0;
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await tx.CommitAsync(ct);
        db.Attach(scan);
    }

    private static DbCommand Command(RapportDb db, string sqlite, string postgres)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = db.IsSqlite ? sqlite : postgres;
        cmd.CommandTimeout = 0;
        var p = cmd.CreateParameter();
        p.ParameterName = "@ws";
        p.Value = db.IsSqlite ? db.Request.WorkspaceId.ToByteArray(true) : db.Request.WorkspaceId;
        cmd.Parameters.Add(p);
        return cmd;
    }

    private static Guid ReadId(DbDataReader r, int i, bool sqlite) => sqlite ? new Guid(r.GetFieldValue<byte[]>(i), true) : r.GetGuid(i);
    private static string Text(DbDataReader r, int i) => r.IsDBNull(i) ? "" : r.GetString(i);

    public static async Task<List<ScanRecord>> LoadContactsAsync(RapportDb db, CancellationToken ct)
    {
        var sqlite = db.IsSqlite;
        await using var cmd = Command(db,
            """
            SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.birth_date,
                   json_extract(c.addresses, '$[0].street'), json_extract(c.addresses, '$[0].city'), json_extract(c.addresses, '$[0].postcode'),
                   (SELECT ca.account_id FROM contact_accounts ca WHERE ca.workspace_id = c.workspace_id AND ca.contact_id = c.id LIMIT 1)
            FROM contacts c WHERE c.workspace_id = @ws AND c.deleted_at IS NULL AND c.erased_at IS NULL
            """,
            """
            SELECT c.id, c.first_name, c.last_name, c.email, c.phone, to_char(c.birth_date, 'YYYYMMDD'),
                   c.addresses->0->>'street', c.addresses->0->>'city', c.addresses->0->>'postcode',
                   (SELECT ca.account_id FROM contact_accounts ca WHERE ca.workspace_id = c.workspace_id AND ca.contact_id = c.id LIMIT 1)
            FROM contacts c WHERE c.workspace_id = @ws AND c.deleted_at IS NULL AND c.erased_at IS NULL
            """);
        var list = new List<ScanRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var street = Text(r, 6);
            var birth = Text(r, 5).Replace("-", "");
            list.Add(new ScanRecord
            {
                Id = ReadId(r, 0, sqlite),
                First = Matching.Fold(r.GetString(1)),
                Last = Matching.Fold(r.GetString(2)),
                Email = Text(r, 3),
                Phone = Matching.Digits(Text(r, 4)),
                Birth = birth.Length == 8 && int.TryParse(birth, out var b) ? b : 0,
                Street = Matching.Fold(street),
                StreetTokens = Matching.SortedTokens(street),
                City = Matching.Fold(Text(r, 7)),
                Postcode = Matching.Fold(Text(r, 8)),
                Company = r.IsDBNull(9) ? Guid.Empty : ReadId(r, 9, sqlite),
            });
        }
        return list;
    }

    public static async Task<List<ScanRecord>> LoadAccountsAsync(RapportDb db, CancellationToken ct)
    {
        var sqlite = db.IsSqlite;
        await using var cmd = Command(db,
            """
            SELECT a.id, a.name, a.domain, a.phone, json_extract(a.addresses, '$[0].street'), json_extract(a.addresses, '$[0].city'), json_extract(a.addresses, '$[0].postcode')
            FROM accounts a WHERE a.workspace_id = @ws AND a.deleted_at IS NULL
            """,
            """
            SELECT a.id, a.name, a.domain, a.phone, a.addresses->0->>'street', a.addresses->0->>'city', a.addresses->0->>'postcode'
            FROM accounts a WHERE a.workspace_id = @ws AND a.deleted_at IS NULL
            """);
        var list = new List<ScanRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var (name, tokens) = AccountScorer.NameKey(r.GetString(1));
            var street = Text(r, 4);
            list.Add(new ScanRecord
            {
                Id = ReadId(r, 0, sqlite),
                Last = name,
                NameTokens = tokens,
                Email = Text(r, 2),
                Phone = Matching.Digits(Text(r, 3)),
                Street = Matching.Fold(street),
                StreetTokens = Matching.SortedTokens(street),
                City = Matching.Fold(Text(r, 5)),
                Postcode = Matching.Fold(Text(r, 6)),
            });
        }
        return list;
    }
}
