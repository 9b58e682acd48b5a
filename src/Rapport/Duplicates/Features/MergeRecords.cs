using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Duplicates.Features;

/// <summary>
/// Merges contacts (or accounts) into a survivor and undoes a merge. Every record must be in the
/// caller's sight (else 404) and live (a record in the trash, or the survivor listed among the
/// merged, is a 409). The participants (<see cref="IMergeParticipant"/>) move the related rows and
/// the survivor's values; the merged records go to the trash; the merge record keeps what undoing
/// needs. All of it is one transaction, and every row changed is audited by SaveChanges.
/// </summary>
public sealed class MergeRecords(RapportDb db, RequestContext ctx, CustomerAccess access, IEnumerable<IMergeParticipant> participants)
{
    public const int MaxMerged = 20;

    public sealed record Result(Guid MergeId, Guid SurvivorId);
    public sealed record MergeDto(Guid Id, string Entity, Guid SurvivorId, IReadOnlyList<Guid> MergedIds, DateTime CreatedAt, Guid? MergedByUserId, DateTime? UndoneAt);

    public async Task<Result> MergeAsync(string entity, JsonObject? body, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var e = new FieldErrors();
        if (body is null) throw new ValidationFailedException("survivorId", "Is required.");
        foreach (var (key, _) in body)
            if (key is not ("survivorId" or "mergedIds" or "fieldChoices")) e.Add(key, "Unknown field.");
        var survivorId = JsonInput.Id(body["survivorId"], "survivorId", e);
        if (survivorId is null && JsonInput.IsNull(body["survivorId"])) e.Add("survivorId", "Is required.");
        var merged = new List<Guid>();
        if (JsonInput.Array(body["mergedIds"], "mergedIds", e, MaxMerged) is { } arr)
        {
            for (var i = 0; i < arr.Count; i++)
                if (JsonInput.Id(arr[i], $"mergedIds[{i}]", e) is { } id)
                {
                    if (merged.Contains(id)) e.Add($"mergedIds[{i}]", "This id is listed twice.");
                    else merged.Add(id);
                }
                else if (JsonInput.IsNull(arr[i])) e.Add($"mergedIds[{i}]", "Is required.");
        }
        if (merged.Count == 0 && !e.Items.Keys.Any(k => k.StartsWith("mergedIds", StringComparison.Ordinal))) e.Add("mergedIds", "Give at least one record to merge into the survivor.");

        var choosable = participants.SelectMany(p => p.ChoosableFields(entity)).ToHashSet();
        var choices = new Dictionary<string, Guid>();
        if (!JsonInput.IsNull(body["fieldChoices"]) && JsonInput.Object(body["fieldChoices"], "fieldChoices", e) is { } fc)
        {
            var involved = survivorId is { } s0 ? merged.Append(s0).ToHashSet() : merged.ToHashSet();
            foreach (var (field, value) in fc)
            {
                var path = $"fieldChoices.{field}";
                if (!choosable.Contains(field) && !(field.StartsWith("customFields.", StringComparison.Ordinal) && field.Length > 13)) { e.Add(path, "Not a field that can be chosen."); continue; }
                if (JsonInput.Id(value, path, e) is not { } from) { if (JsonInput.IsNull(value)) e.Add(path, "Give the id of the record whose value wins."); continue; }
                if (!involved.Contains(from)) { e.Add(path, "Must be the survivor's id or one of the merged ids."); continue; }
                choices[field] = from;
            }
        }
        e.ThrowIfAny();
        if (merged.Contains(survivorId!.Value)) throw new ConflictException("A record cannot be merged into itself.");

        foreach (var id in merged.Prepend(survivorId.Value)) await EnsureLiveAndVisibleAsync(entity, id, ct);

        var merge = new MergeContext(entity, survivorId.Value, merged, choices);
        var state = new JsonObject();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var p in participants)
            state[p.Name] = await p.MergeAsync(merge, ct);
        var record = new MergeRecord
        {
            WorkspaceId = ctx.WorkspaceId, Entity = entity, SurvivorId = survivorId.Value,
            MergedIds = JsonSerializer.Serialize(merged, JsonDefaults.Options), UndoState = state.ToJsonString(),
            MergedByUserId = await access.ActingUserIdAsync(ct), CreatedAt = db.Now,
        };
        db.Merges.Add(record);
        if (entity == DuplicateEntities.Account) db.Publish(new AccountMerged(record.Id, survivorId.Value, merged));
        else db.Publish(new ContactMerged(record.Id, survivorId.Value, merged));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(record.Id, survivorId.Value);
    }

    public async Task<MergeDto> GetAsync(Guid id, CancellationToken ct)
    {
        var m = await db.Merges.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("The merge was not found.");
        if (!await access.CanSeeAsync(m.SurvivorId, ct)) throw new NotFoundException("The merge was not found.");
        return ToDto(m);
    }

    /// <summary>Restores the merged records, moves their rows back and the survivor's values (those not edited since).</summary>
    public async Task<MergeDto> UndoAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var m = await db.Merges.SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("The merge was not found.");
        if (!await access.CanSeeAsync(m.SurvivorId, ct)) throw new NotFoundException("The merge was not found.");
        if (m.UndoneAt is not null) throw new ConflictException("This merge was already undone.");
        var merged = JsonSerializer.Deserialize<List<Guid>>(m.MergedIds, JsonDefaults.Options) ?? [];
        var live = m.Entity == DuplicateEntities.Account
            ? await db.Accounts.AnyAsync(a => a.Id == m.SurvivorId, ct)
            : await db.Contacts.AnyAsync(c => c.Id == m.SurvivorId, ct);
        if (!live) throw new ConflictException("The surviving record is in the trash or gone; restore it first.");
        var state = JsonNode.Parse(m.UndoState) as JsonObject ?? [];
        var merge = new MergeContext(m.Entity, m.SurvivorId, merged, new Dictionary<string, Guid>());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var p in participants.Reverse())
            await p.UndoAsync(merge, state[p.Name], ct);
        m.UndoneAt = db.Now;
        m.UndoneByUserId = await access.ActingUserIdAsync(ct);
        if (m.Entity == DuplicateEntities.Account) db.Publish(new AccountMergeUndone(m.Id, m.SurvivorId, merged));
        else db.Publish(new ContactMergeUndone(m.Id, m.SurvivorId, merged));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToDto(m);
    }

    private async Task EnsureLiveAndVisibleAsync(string entity, Guid id, CancellationToken ct)
    {
        DateTime? deletedAt;
        bool found;
        if (entity == DuplicateEntities.Account)
        {
            var row = await (await access.AccountsAsync(ct)).IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(a => a.Id == id).Select(a => new { a.DeletedAt }).SingleOrDefaultAsync(ct);
            (found, deletedAt) = (row is not null, row?.DeletedAt);
        }
        else
        {
            var row = await (await access.ContactsAsync(ct)).IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(c => c.Id == id).Select(c => new { c.DeletedAt, c.ErasedAt }).SingleOrDefaultAsync(ct);
            (found, deletedAt) = (row is not null, row?.DeletedAt);
            if (row?.ErasedAt is not null) throw new ConflictException("An erased contact cannot be merged.");
        }
        if (!found) throw new NotFoundException($"The {entity} {id} was not found.");
        if (deletedAt is not null) throw new ConflictException($"The {entity} {id} is in the trash; restore it before merging.");
    }

    private static MergeDto ToDto(MergeRecord m) => new(m.Id, m.Entity, m.SurvivorId,
        JsonSerializer.Deserialize<List<Guid>>(m.MergedIds, JsonDefaults.Options) ?? [], m.CreatedAt, m.MergedByUserId, m.UndoneAt);
}
