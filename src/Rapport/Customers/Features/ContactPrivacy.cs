using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;
using Rapport.Records;

namespace Rapport.Customers.Features;

/// <summary>
/// Data-subject rights for one contact (admins and owners): <see cref="ExportAsync"/> returns
/// everything held about the person as JSON; <see cref="EraseAsync"/> anonymizes them for good —
/// the contact row, the consent ledger's sources, what other modules hold about the person (their
/// <see cref="IErasureParticipant"/>s: interactions, notes, tasks, notifications, leads and form
/// submissions), the audit log's old/new values, trash titles and undelivered outbox payloads — in
/// one transaction, and keeps aggregate rows (the contact, its stage history and activity counts
/// stay, without personal data). The search index follows the row (its triggers). The audit log
/// records that an erasure happened, not what.
/// </summary>
public sealed class ContactPrivacy(RapportDb db, RequestContext ctx, CustomerAccess access, IEnumerable<IErasureParticipant> participants)
{
    public const string ErasedName = "Erased contact";
    /// <summary>What an erased free-text field reads.</summary>
    public const string Redacted = "[erased]";

    public async Task<JsonObject> ExportAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var contact = await access.FindContactAsync(id, ct, withDetails: true);
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        var o = JsonDefaults.Options;
        var accountIds = contact.Accounts.Select(a => a.AccountId).ToList();
        var result = new JsonObject
        {
            ["exportedAt"] = db.Now,
            ["contact"] = JsonSerializer.SerializeToNode(ContactDto.From(contact, defs), o),
            ["accounts"] = JsonSerializer.SerializeToNode(await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).Select(a => new { a.Id, a.Name, a.Domain }).ToListAsync(ct), o),
            ["consentLedger"] = JsonSerializer.SerializeToNode(await db.ConsentEvents.AsNoTracking().Where(c => c.ContactId == id).OrderBy(c => c.At)
                .Select(c => new { c.Channel, c.Status, c.Source, c.At }).ToListAsync(ct), o),
            ["lifecycleStageHistory"] = JsonSerializer.SerializeToNode(await db.LifecycleStageChanges.AsNoTracking().Where(c => c.ContactId == id).OrderBy(c => c.ChangedAt)
                .Select(c => new { c.FromStage, c.ToStage, c.ChangedAt }).ToListAsync(ct), o),
        };
        foreach (var p in participants) await p.ExportAsync(id, result, ct);
        result["history"] = JsonSerializer.SerializeToNode(await db.AuditLog.AsNoTracking().Where(a => a.EntityId == id).OrderBy(a => a.CreatedAt)
            .Select(a => new { a.Action, a.CreatedAt, a.Changes }).ToListAsync(ct), o);
        return result;
    }

    public async Task EraseAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var c = await access.FindContactAsync(id, ct, withDetails: true);
        var personal = PersonalStrings(c);
        var now = db.Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        c.FirstName = ErasedName;
        c.LastName = "";
        c.Email = null;
        c.Phone = null;
        c.Emails = "[]";
        c.Phones = "[]";
        c.Addresses = "[]";
        c.BirthDate = null;
        c.JobTitle = null;
        c.Social = "{}";
        c.Source = null;
        c.CustomFields = "{}";
        c.ExternalId = null;
        c.ErasedAt = now;
        c.UpdatedAt = now;

        var ids = new HashSet<Guid> { id };
        foreach (var p in participants) ids.UnionWith(await p.EraseAsync(id, ct));
        await db.ConsentEvents.Where(e => e.ContactId == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Source, (string?)null), ct);

        // Save the anonymized rows first (their own audit entries, which hold the old values, are scrubbed below with the rest).
        await db.SaveChangesAsync(ct);

        await AuditTrail.RedactChangesAsync(db, ids, RedactChanges, ct);
        await AuditTrail.RetitleTrashAsync(db, ids, ErasedName, ct);
        // Undelivered events: scrub any of the person's strings wherever they appear in the payload.
        await AuditTrail.ScrubUndeliveredEventsAsync(db, payload => Scrub(payload, personal), ct);
        AuditTrail.Record(db, AuditActions.Erased, "contact", id, workspaceId: ctx.WorkspaceId, actorUserId: ctx.UserId, actorApiKeyId: ctx.ApiKeyId);
        db.Publish(new ContactErased(id));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Keeps the field names of an audit entry's changes and replaces every old/new value.</summary>
    public static string RedactChanges(string changesJson)
    {
        if (JsonNode.Parse(changesJson) is not JsonObject o) return "{}";
        var result = new JsonObject();
        foreach (var (field, _) in o) result[field] = new JsonObject { ["old"] = Redacted, ["new"] = Redacted };
        return result.ToJsonString();
    }

    private static List<string> PersonalStrings(Contact c)
    {
        var list = new List<string> { c.FirstName, c.LastName, c.FullName, c.Email ?? "", c.Phone ?? "", c.JobTitle ?? "", c.ExternalId ?? "" };
        foreach (var e in ContactDto.Read<List<EmailAddress>>(c.Emails) ?? []) list.Add(e.Address);
        foreach (var p in ContactDto.Read<List<PhoneNumber>>(c.Phones) ?? []) list.Add(p.Number);
        foreach (var a in ContactDto.Read<List<PostalAddress>>(c.Addresses) ?? []) list.AddRange([a.Street ?? "", a.Postcode ?? ""]);
        return list.Where(s => s.Length >= 3).Distinct().OrderByDescending(s => s.Length).ToList();
    }

    private static string Scrub(string json, IReadOnlyList<string> personal)
    {
        if (personal.Count == 0) return json;
        var node = JsonNode.Parse(json);
        return Walk(node) ? node!.ToJsonString() : json;

        bool Walk(JsonNode? n)
        {
            var changed = false;
            switch (n)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).ToList())
                        if (o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && Redact(v.GetValue<string>()) is { } r) { o[key] = r; changed = true; }
                        else changed |= Walk(o[key]);
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                        if (a[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && Redact(v.GetValue<string>()) is { } r) { a[i] = r; changed = true; }
                        else changed |= Walk(a[i]);
                    break;
            }
            return changed;
        }

        string? Redact(string s)
        {
            var result = s;
            foreach (var p in personal) result = result.Replace(p, Redacted, StringComparison.OrdinalIgnoreCase);
            return result == s ? null : result;
        }
    }
}
