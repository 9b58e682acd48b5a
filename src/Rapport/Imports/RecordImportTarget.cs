using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Platform.Trash;
using Rapport.Records;

namespace Rapport.Imports;

/// <summary>
/// What importing any soft-deletable, custom-field-carrying record takes (contacts and accounts now,
/// leads next): duplicate matching against an index of the workspace's keys loaded once, rows
/// validated by the module's writer in a bulk <see cref="WriteSession"/>, created rows inserted and
/// updated rows written column by column through <see cref="BulkWriter"/>, every write recorded in
/// the import's change log, and undo from that log. A concrete target says how its writer is called
/// and where its keys are.
/// </summary>
/// <summary>A record's match key and id.</summary>
public sealed class KeyRow
{
    public string? Key { get; init; }
    public Guid Id { get; init; }
}

public abstract class RecordImportTarget<T> : IImportTarget where T : class, ISoftDeletable, IWorkspaceOwned, IVersioned
{
    public abstract string Entity { get; }
    public abstract string DefaultMatchOn { get; }
    public abstract IReadOnlyList<string> MatchKeys { get; }
    public abstract IReadOnlyList<ImportField> Fields { get; }
    public abstract string CustomFieldEntity { get; }

    /// <summary>Fields passed to the writer as they are (the rest: addresses.*, customFields.*, extras).</summary>
    protected abstract IReadOnlySet<string> WriterFields { get; }
    protected abstract Task<WriteSession> SessionAsync(IServiceProvider services, CancellationToken ct);
    protected abstract T New(Guid workspaceId);
    protected abstract Task ApplyAsync(IServiceProvider services, T record, JsonObject body, bool creating, WriteSession session, CancellationToken ct);
    protected abstract DbSet<T> Set(RapportDb db);
    /// <summary>Every record's built-in match key (e.g. its e-mail) with its id.</summary>
    protected abstract IQueryable<KeyRow> Keys(RapportDb db, string matchOn);
    protected abstract Func<T, string?> KeyOf(string matchOn);
    protected abstract string CustomFieldsOf(T record);

    /// <summary>Hook for fields the writer does not take (a contact's company); returns an error (field, message) or null.</summary>
    protected virtual Task<(string, string)?> RelateAsync(Run run, T record, Dictionary<string, string> values, bool creating, CancellationToken ct) =>
        Task.FromResult<(string, string)?>(null);
    /// <summary>Writes what <see cref="RelateAsync"/> planned that the records need first (accounts before contacts); a null writer (dry run) only forgets it.</summary>
    protected virtual Task WriteBeforeAsync(Run run, BulkWriter? bulk, CancellationToken ct) => Task.CompletedTask;
    /// <summary>Writes what <see cref="RelateAsync"/> planned that needs the records (links).</summary>
    protected virtual Task WriteAfterAsync(Run run, BulkWriter? bulk, CancellationToken ct) => Task.CompletedTask;
    /// <summary>Undoes what the hooks wrote (change log entries of other types).</summary>
    protected virtual Task UndoExtrasAsync(ImportJob job, RapportDb db, BulkWriter bulk, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Properties never compared or restored (bookkeeping).</summary>
    private static readonly HashSet<string> Bookkeeping = ["UpdatedAt", "Version", "CreatedAt", "DeletedAt", "WorkspaceId", "Id", "ErasedAt"];

    public async Task<IImportRun> StartAsync(ImportJob job, IReadOnlySet<string> mappedFields, IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<RapportDb>();
        var session = await SessionAsync(services, ct);
        var run = new Run(this, job, services, db, session) { MappedFields = mappedFields };
        await run.LoadKeysAsync(ct);
        await StartExtrasAsync(run, ct);
        return run;
    }

    protected virtual Task StartExtrasAsync(Run run, CancellationToken ct) => Task.CompletedTask;

    public sealed class Run(RecordImportTarget<T> target, ImportJob job, IServiceProvider services, RapportDb db, WriteSession session) : IImportRun
    {
        public ImportJob Job => job;
        public RapportDb Db => db;
        public IServiceProvider Services => services;
        public required IReadOnlySet<string> MappedFields { get; init; }
        public WriteSession Session => session;
        public Guid WorkspaceId => job.WorkspaceId;
        public DateTime Now { get; } = db.Now;
        /// <summary>State a concrete target keeps for its hooks (e.g. accounts by name).</summary>
        public object? Extra { get; set; }
        /// <summary>Set by <see cref="RelateAsync"/> when it changed something of an existing record (a new link).</summary>
        public bool RelatedChanged { get; set; }

        /// <summary>A line of this import's change log (what undo reads) for a target's related records: Imports owns the log.</summary>
        public ImportChange Change(string entityType, Guid recordId, string action, string? oldValues = null) =>
            new() { WorkspaceId = job.WorkspaceId, ImportId = job.Id, EntityType = entityType, RecordId = recordId, Action = action, OldValues = oldValues };

        private readonly Dictionary<string, Guid> _existing = new(StringComparer.Ordinal);
        /// <summary>Keys seen in this file so far → the row that had it.</summary>
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private readonly List<(CustomFieldDefinition Def, Dictionary<string, Guid> Values)> _unique = [];
        private readonly string _matchOn = job.MatchOn;
        private readonly Func<T, string?>? _keyOf = job.MatchOn.StartsWith(ImportCells.CustomPrefix) ? null : target.KeyOf(job.MatchOn);
        private readonly string? _customKey = job.MatchOn.StartsWith(ImportCells.CustomPrefix) ? job.MatchOn[ImportCells.CustomPrefix.Length..] : null;

        public readonly List<T> Created = [];
        public readonly List<(T Record, List<string> Properties)> Updated = [];
        public readonly List<ImportChange> Changes = [];
        private readonly List<T> _toLoad = [];

        public async Task LoadKeysAsync(CancellationToken ct)
        {
            if (_keyOf is not null)
                await foreach (var k in target.Keys(db, _matchOn).AsAsyncEnumerable().WithCancellation(ct))
                    if (k.Key is not null) _existing.TryAdd(k.Key, k.Id);
            var uniqueDefs = session.Defs.Where(d => d.Unique || (_customKey is not null && d.Key == _customKey)).ToList();
            if (uniqueDefs.Count > 0)
            {
                foreach (var d in uniqueDefs) _unique.Add((d, new Dictionary<string, Guid>(StringComparer.Ordinal)));
                await foreach (var r in target.Set(db).AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
                {
                    var cf = JsonNode.Parse(target.CustomFieldsOf(r)) as JsonObject;
                    if (cf is null) continue;
                    foreach (var (d, values) in _unique)
                        if (cf[d.Key] is { } v) values.TryAdd(ValueKey(v), r.Id);
                }
                if (_customKey is not null)
                    foreach (var (k, id) in _unique.First(u => u.Def.Key == _customKey).Values) _existing.TryAdd(k, id);
            }
        }

        private static string ValueKey(JsonNode v) => v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : v.ToJsonString();

        private string? KeyOfRecord(T r)
        {
            if (_keyOf is not null) return _keyOf(r);
            var cf = JsonNode.Parse(target.CustomFieldsOf(r)) as JsonObject;
            return cf?[_customKey!] is { } v ? ValueKey(v) : null;
        }

        public async Task<RowPlan> PlanAsync(int row, Dictionary<string, string> values, CancellationToken ct)
        {
            foreach (var (field, v) in values)
                if (v.Contains('\0')) return RowPlan.Fail(field, "Must not contain the NUL character (U+0000).");
            var body = ImportCells.ToBody(values, session.Defs, target.WriterFields);
            var record = target.New(job.WorkspaceId);
            var mark = session.Pending.Mark();
            try
            {
                await target.ApplyAsync(services, record, body, creating: true, session, ct);
            }
            catch (ValidationFailedException e)
            {
                Rewind(mark);
                return new RowPlan(RowOutcome.Failed, e.Errors.SelectMany(kv => kv.Value.Select(m => (kv.Key, m))).ToList());
            }
            var key = KeyOfRecord(record);
            Guid? existingId = key is not null && job.OnDuplicate != DuplicateStrategies.Create && _existing.TryGetValue(key, out var found) ? found : null;
            if (key is not null && job.OnDuplicate != DuplicateStrategies.Create && _seen.TryGetValue(key, out var earlierRow))
            {
                Rewind(mark);
                if (job.OnDuplicate == DuplicateStrategies.Skip) return RowPlan.Skipped;
                return RowPlan.Fail(_matchOn, $"Same {_matchOn} as row {earlierRow}: only the first of them is imported.");
            }
            if (existingId is { } id)
            {
                Rewind(mark);
                if (job.OnDuplicate == DuplicateStrategies.Skip) { if (key is not null) _seen[key] = row; return RowPlan.Skipped; }
                // Update: validate the row against the stored record, with the API's merge-patch rules.
                var current = await target.Set(db).AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                if (current is null) return RowPlan.Fail(_matchOn, "The matching record was deleted during the import.");
                var before = Snapshot(current);
                try { await target.ApplyAsync(services, current, body, creating: false, session, ct); }
                catch (ValidationFailedException e)
                {
                    Rewind(mark);
                    return new RowPlan(RowOutcome.Failed, e.Errors.SelectMany(kv => kv.Value.Select(m => (kv.Key, m))).ToList());
                }
                if (UniqueClash(current) is { } clash) { Rewind(mark); return clash; }
                RelatedChanged = false;
                var relate = await target.RelateAsync(this, current, values, creating: false, ct);
                if (relate is { } err) { Rewind(mark); return RowPlan.Fail(err.Item1, err.Item2); }
                if (key is not null) _seen[key] = row;
                var changed = Changed(before, current);
                if (changed.Count == 0) return RelatedChanged ? RowPlan.Updated : RowPlan.Skipped;
                current.Version++;
                var old = new JsonObject();
                foreach (var p in changed) old[p] = JsonSerializer.SerializeToNode(before[p], JsonDefaults.Options);
                Changes.Add(new ImportChange { WorkspaceId = job.WorkspaceId, ImportId = job.Id, EntityType = target.Entity, RecordId = current.Id, Action = "updated", OldValues = old.ToJsonString() });
                changed.Add("UpdatedAt");
                changed.Add("Version");
                Updated.Add((current, changed));
                RegisterUnique(current);
                return RowPlan.Updated;
            }
            if (UniqueClash(record) is { } c2) { Rewind(mark); return c2; }
            if (await target.RelateAsync(this, record, values, creating: true, ct) is { } e2) { Rewind(mark); return RowPlan.Fail(e2.Item1, e2.Item2); }
            if (key is not null) { _seen[key] = row; }
            RegisterUnique(record);
            Created.Add(record);
            Changes.Add(new ImportChange { WorkspaceId = job.WorkspaceId, ImportId = job.Id, EntityType = target.Entity, RecordId = record.Id, Action = "created" });
            return RowPlan.Created;
        }

        private void Rewind(int[] mark) => session.Pending.Rewind(mark);

        private RowPlan? UniqueClash(T r)
        {
            if (_unique.Count == 0) return null;
            var cf = JsonNode.Parse(target.CustomFieldsOf(r)) as JsonObject;
            if (cf is null) return null;
            foreach (var (d, values) in _unique)
                if (d.Unique && cf[d.Key] is { } v && values.TryGetValue(ValueKey(v), out var other) && other != r.Id)
                    return RowPlan.Fail($"customFields.{d.Key}", $"Another record has this {d.Label}.");
            return null;
        }

        private void RegisterUnique(T r)
        {
            if (_unique.Count == 0) return;
            var cf = JsonNode.Parse(target.CustomFieldsOf(r)) as JsonObject;
            if (cf is null) return;
            foreach (var (d, values) in _unique)
                if (cf[d.Key] is { } v) values[ValueKey(v)] = r.Id;
        }

        private static readonly System.Reflection.PropertyInfo[] Props = typeof(T).GetProperties()
            .Where(p => p.CanRead && p.CanWrite && !Bookkeeping.Contains(p.Name)
                && (p.PropertyType.IsValueType || p.PropertyType == typeof(string)))
            .ToArray();

        private static Dictionary<string, object?> Snapshot(T r) => Props.ToDictionary(p => p.Name, p => p.GetValue(r));

        private static List<string> Changed(Dictionary<string, object?> before, T r) =>
            Props.Where(p => !Same(before[p.Name], p.GetValue(r))).Select(p => p.Name).ToList();

        /// <summary>Equal values; JSON columns compared as JSON (PostgreSQL's jsonb hands back its own spacing and key order).</summary>
        private static bool Same(object? a, object? b)
        {
            if (Equals(a, b)) return true;
            if (a is string x && b is string y && x.Length > 0 && y.Length > 0 && x[0] is '[' or '{' && y[0] is '[' or '{')
            {
                try { return JsonNode.DeepEquals(JsonNode.Parse(x), JsonNode.Parse(y)); }
                catch (JsonException) { return false; }
            }
            return false;
        }

        public async Task WriteAsync(BulkWriter bulk, bool dryRun, CancellationToken ct)
        {
            if (dryRun)
            {
                Created.Clear(); Updated.Clear(); Changes.Clear();
                session.Pending.Clear();
                await target.WriteBeforeAsync(this, null, ct);
                await target.WriteAfterAsync(this, null, ct);
                return;
            }
            await target.WriteBeforeAsync(this, bulk, ct);
            await bulk.InsertAsync(Created, ct);
            foreach (var group in Updated.GroupBy(u => string.Join(",", u.Properties)))
                await bulk.UpdateAsync(group.Select(g => g.Record).ToList(), group.First().Properties, ct);
            await session.Pending.InsertAsync(bulk, ct);
            await target.WriteAfterAsync(this, bulk, ct);
            await bulk.InsertAsync(Changes, ct);
            Created.Clear(); Updated.Clear(); Changes.Clear();
            session.Pending.Clear();
        }

        public void Dispose() { }
    }

    // ---- Undo ----

    public async Task UndoAsync(ImportJob job, IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<RapportDb>();
        using var bulk = new BulkWriter(db);
        await UndoExtrasAsync(job, db, bulk, ct);
        await UndoRecordsAsync(job, Entity, Set(db), db, bulk, ct);
    }

    /// <summary>Created records go to the trash (one trash entry each, restorable), updated ones get their old values back; in chunks.</summary>
    protected static async Task UndoRecordsAsync<TR>(ImportJob job, string entityType, DbSet<TR> set, RapportDb db, BulkWriter bulk, CancellationToken ct)
        where TR : class, ISoftDeletable, IWorkspaceOwned, IVersioned
    {
        var importId = job.Id;
        var now = db.Now;
        // Small chunks: each row's search document leaves the index in the same statement (triggers), which
        // costs a few milliseconds on SQLite, and a chunk holds SQLite's one write lock while it runs.
        var chunk = db.IsSqlite ? 500 : 5000;
        // The log is read whole (ids and old values only) before anything changes, then applied chunk by chunk.
        var log = await db.ImportChanges.AsNoTracking().Where(c => c.ImportId == importId && c.EntityType == entityType)
            .Select(c => new ImportChange { RecordId = c.RecordId, Action = c.Action, OldValues = c.OldValues }).ToListAsync(ct);
        foreach (var page in log.Chunk(chunk))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await Search.SearchIndex.SetSecureDeleteAsync(db, false, ct);
            var createdIds = page.Where(c => c.Action == "created").Select(c => c.RecordId).ToList();
            if (createdIds.Count > 0)
            {
                var records = await set.AsNoTracking().Where(r => createdIds.Contains(r.Id)).ToListAsync(ct);
                var trash = records.Select(r => TrashEntry.For(job.WorkspaceId, entityType, r.Id, Truncate(r.TrashTitle, 300), now,
                    db.Request.UserId, db.Request.ApiKeyId)).ToList();
                await bulk.InsertAsync(trash, ct);
                foreach (var r in records) { r.DeletedAt = now; r.Version++; }
                await bulk.UpdateAsync(records, ["DeletedAt", "Version"], ct);
            }
            var updated = page.Where(c => c.Action == "updated").ToList();
            if (updated.Count > 0)
            {
                var ids = updated.Select(c => c.RecordId).ToList();
                var records = (await set.AsNoTracking().IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(r => ids.Contains(r.Id)).ToListAsync(ct)).ToDictionary(r => r.Id);
                var byProps = new Dictionary<string, (List<TR> Rows, List<string> Props)>();
                foreach (var c in updated)
                {
                    if (!records.TryGetValue(c.RecordId, out var r) || c.OldValues is null) continue;
                    var old = JsonNode.Parse(c.OldValues)!.AsObject();
                    var props = new List<string>();
                    foreach (var (name, value) in old)
                    {
                        var p = typeof(TR).GetProperty(name);
                        if (p is null) continue;
                        p.SetValue(r, value is null ? null : value.Deserialize(p.PropertyType, JsonDefaults.Options));
                        props.Add(name);
                    }
                    r.Version++;
                    typeof(TR).GetProperty("UpdatedAt")?.SetValue(r, now);
                    props.Add("Version"); props.Add("UpdatedAt");
                    var k = string.Join(",", props);
                    if (!byProps.TryGetValue(k, out var g)) byProps[k] = g = ([], props);
                    g.Rows.Add(r);
                }
                foreach (var (_, (rows, props)) in byProps) await bulk.UpdateAsync(rows, props, ct);
            }
            await Search.SearchIndex.SetSecureDeleteAsync(db, true, ct);
            await tx.CommitAsync(ct);
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

