using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>
/// Bulk actions on selected contacts (up to 1,000 ids): add or remove a tag, assign an owner,
/// delete (to the trash). Only contacts in sight are touched; the others are reported as not found.
/// Every change is audited per record, in one transaction.
/// </summary>
public sealed class BulkUpdateContacts(RapportDb db, RequestContext ctx, CustomerAccess access)
{
    public const int MaxIds = 1000;
    public static readonly string[] Actions = ["tag", "untag", "assign", "delete"];

    public sealed record Request(IReadOnlyList<Guid>? Ids, string? Action, string? Tag, Guid? OwnerId);
    public sealed record Result(int Updated, IReadOnlyList<Guid> NotFound);

    public async Task<Result> HandleAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var (ids, tag) = await BulkRules.ValidateAsync(db, r.Ids, r.Action, r.Tag, r.OwnerId, ct);
        var contacts = await (await access.ContactsAsync(ct)).Where(c => ids.Contains(c.Id)).Include(c => c.Tags).ToListAsync(ct);
        foreach (var c in contacts)
        {
            switch (r.Action)
            {
                case "tag":
                    if (c.Tags.All(t => t.Tag != tag)) c.Tags.Add(new ContactTag { WorkspaceId = c.WorkspaceId, ContactId = c.Id, Tag = tag! });
                    break;
                case "untag":
                    c.Tags.RemoveAll(t => t.Tag == tag);
                    break;
                case "assign":
                    c.OwnerId = r.OwnerId;
                    break;
                case "delete":
                    db.Contacts.Remove(c);
                    break;
            }
            if (r.Action != "delete") c.UpdatedAt = db.Now;
        }
        db.Publish(new ContactsBulkUpdated(r.Action!, contacts.Select(c => c.Id).ToList()));
        await db.SaveChangesAsync(ct);
        return new Result(contacts.Count, ids.Except(contacts.Select(c => c.Id)).ToList());
    }
}

/// <summary>Bulk actions on selected accounts: the same rules as for contacts.</summary>
public sealed class BulkUpdateAccounts(RapportDb db, RequestContext ctx, CustomerAccess access)
{
    public async Task<BulkUpdateContacts.Result> HandleAsync(BulkUpdateContacts.Request r, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var (ids, tag) = await BulkRules.ValidateAsync(db, r.Ids, r.Action, r.Tag, r.OwnerId, ct);
        var accounts = await (await access.AccountsAsync(ct)).Where(a => ids.Contains(a.Id)).Include(a => a.Tags).ToListAsync(ct);
        foreach (var a in accounts)
        {
            switch (r.Action)
            {
                case "tag":
                    if (a.Tags.All(t => t.Tag != tag)) a.Tags.Add(new AccountTag { WorkspaceId = a.WorkspaceId, AccountId = a.Id, Tag = tag! });
                    break;
                case "untag": a.Tags.RemoveAll(t => t.Tag == tag); break;
                case "assign": a.OwnerId = r.OwnerId; break;
                case "delete": db.Accounts.Remove(a); break;
            }
            if (r.Action != "delete") a.UpdatedAt = db.Now;
        }
        db.Publish(new AccountsBulkUpdated(r.Action!, accounts.Select(a => a.Id).ToList()));
        await db.SaveChangesAsync(ct);
        return new BulkUpdateContacts.Result(accounts.Count, ids.Except(accounts.Select(a => a.Id)).ToList());
    }
}

internal static class BulkRules
{
    public static async Task<(List<Guid> Ids, string? Tag)> ValidateAsync(RapportDb db, IReadOnlyList<Guid>? ids, string? action, string? tag, Guid? ownerId, CancellationToken ct)
    {
        var e = new FieldErrors();
        if (ids is null || ids.Count == 0) e.Add("ids", "Select at least one record.");
        else if (ids.Count > BulkUpdateContacts.MaxIds) e.Add("ids", $"At most {BulkUpdateContacts.MaxIds} records at a time.");
        if (action is null || !BulkUpdateContacts.Actions.Contains(action)) e.Add("action", $"Must be one of: {string.Join(", ", BulkUpdateContacts.Actions)}.");
        string? t = null;
        if (action is "tag" or "untag")
        {
            t = JsonInput.Text(tag is null ? null : JsonValue.Create(tag), "tag", e, 50, required: true);
        }
        if (action == "assign" && ownerId is { } o && !await Platform.Membership.IsActiveMemberAsync(db, o, ct))
            e.Add("ownerId", "Must be an active member of the workspace.");
        e.ThrowIfAny();
        return (ids!.Distinct().ToList(), t);
    }
}
