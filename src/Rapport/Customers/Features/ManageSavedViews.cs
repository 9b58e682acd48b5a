using Rapport.Records;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>
/// Saved views of a list (filters, sort, columns as a query string): private to their owner or
/// shared with the workspace. Anyone who can see a list may save a view; only its owner or an
/// admin may change or delete a shared one. <c>/api/v1/saved-views</c>.
/// </summary>
public sealed class ManageSavedViews(RapportDb db, RequestContext ctx, CustomerAccess access, ListContacts contacts, ListAccounts accounts)
{
    public static readonly string[] Entities = ["contact", "account"];

    /// <summary>Query keys of a list that are not filters: paging, sort, columns and the list page's own helpers.</summary>
    public static readonly HashSet<string> NotFilters = ["limit", "cursor", "sort", "columns", "done", "trash", "error", "cf", "cfOp", "cfValue"];

    public sealed record Dto(Guid Id, string Entity, string Name, bool Shared, Guid OwnerUserId, string Query, IReadOnlyList<string> Columns, DateTime CreatedAt, long Version)
    {
        public static Dto From(SavedView v) => new(v.Id, v.Entity, v.Name, v.Shared, v.OwnerUserId, v.Query,
            JsonSerializer.Deserialize<List<string>>(v.Columns) ?? [], v.CreatedAt, v.Version);
    }

    /// <summary>My views and the shared ones, for one entity, by name.</summary>
    public async Task<IReadOnlyList<Dto>> ListAsync(string entity, CancellationToken ct)
    {
        if (!Entities.Contains(entity)) throw new ValidationFailedException("entity", "Must be contact or account.");
        var me = await access.ActingUserIdAsync(ct);
        var views = await db.SavedViews.AsNoTracking().Where(v => v.Entity == entity && (v.Shared || v.OwnerUserId == me))
            .OrderBy(v => v.Name).ToListAsync(ct);
        return views.Select(Dto.From).ToList();
    }

    public async Task<Dto> GetAsync(Guid id, CancellationToken ct) => Dto.From(await FindVisibleAsync(id, ct));

    public async Task<Dto> CreateAsync(JsonObject body, CancellationToken ct)
    {
        var me = await access.ActingUserIdAsync(ct) ?? throw new ForbiddenException("Saved views belong to a person; this API key has no user.");
        var e = new FieldErrors();
        var entity = JsonInput.Text(body["entity"], "entity", e, 20, required: true);
        if (entity is not null && !Entities.Contains(entity)) e.Add("entity", "Must be contact or account.");
        var view = new SavedView { WorkspaceId = ctx.WorkspaceId, Entity = entity ?? "", OwnerUserId = me, CreatedAt = db.Now };
        Apply(view, body, e, creating: true);
        if (!e.Any) await CheckQueryAsync(view, e, ct);
        e.ThrowIfAny();
        db.SavedViews.Add(view);
        await db.SaveChangesAsync(ct);
        return Dto.From(view);
    }

    public async Task<Dto> UpdateAsync(Guid id, JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        var view = await FindVisibleAsync(id, ct);
        await EnsureMayChangeAsync(view, ct);
        if (ifMatch is { } v && v != view.Version) throw new PreconditionFailedException();
        var e = new FieldErrors();
        if (patch.ContainsKey("entity")) e.Add("entity", "Cannot be changed.");
        Apply(view, patch, e, creating: false);
        if (!e.Any && patch.ContainsKey("query")) await CheckQueryAsync(view, e, ct);
        e.ThrowIfAny();
        await db.SaveChangesAsync(ct);
        return Dto.From(view);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        var view = await FindVisibleAsync(id, ct);
        await EnsureMayChangeAsync(view, ct);
        db.SavedViews.Remove(view);
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(SavedView view, JsonObject body, FieldErrors e, bool creating)
    {
        foreach (var (k, _) in body)
            if (k is not ("entity" or "name" or "shared" or "query" or "columns")) e.Add(k, "Unknown field.");
        if (creating || body.ContainsKey("name")) view.Name = JsonInput.Text(body["name"], "name", e, 100, required: true) ?? view.Name;
        if (body.ContainsKey("shared")) view.Shared = JsonInput.Bool(body["shared"], "shared", e) ?? false;
        if (creating || body.ContainsKey("query"))
        {
            var q = JsonInput.Text(body["query"], "query", e, 2000) ?? "";
            q = q.TrimStart('?');
            // Paging is not part of a view.
            view.Query = string.Join('&', q.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !p.StartsWith("cursor=") && !p.StartsWith("limit=")));
        }
        if (body.ContainsKey("columns") && JsonInput.Array(body["columns"], "columns", e, 50) is { } cols)
        {
            var list = new List<string>();
            for (var i = 0; i < cols.Count; i++)
                if (JsonInput.Text(cols[i], $"columns[{i}]", e, 80, required: true) is { } c && !list.Contains(c)) list.Add(c);
            view.Columns = JsonSerializer.Serialize(list);
        }
    }

    /// <summary>
    /// The view's filters must be ones its list accepts (the list's own parser, nothing run), so a
    /// view that could only ever answer 400 (e.g. <c>customFields.score.gt=NaN</c>) is refused here.
    /// </summary>
    private async Task CheckQueryAsync(SavedView view, FieldErrors e, CancellationToken ct)
    {
        var filters = new List<KeyValuePair<string, string>>();
        foreach (var pair in view.Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Unescape(parts[0]);
            if (!NotFilters.Contains(key)) filters.Add(new(key, parts.Length > 1 ? Unescape(parts[1]) : ""));
        }
        try
        {
            var defs = await ManageCustomFields.ForEntityAsync(db, view.Entity, ct);
            if (view.Entity == CustomFieldEntities.Account) await accounts.FilterAsync(filters, defs, ct);
            else await contacts.FilterAsync(filters, defs, ct);
        }
        catch (ValidationFailedException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
                foreach (var message in messages) e.Add("query", $"{field}: {message}");
        }
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private async Task<SavedView> FindVisibleAsync(Guid id, CancellationToken ct)
    {
        var me = await access.ActingUserIdAsync(ct);
        return await db.SavedViews.SingleOrDefaultAsync(v => v.Id == id && (v.Shared || v.OwnerUserId == me), ct)
            ?? throw new NotFoundException("The saved view was not found.");
    }

    private async Task EnsureMayChangeAsync(SavedView view, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        if (view.OwnerUserId != await access.ActingUserIdAsync(ct) && !Roles.IsAdmin(ctx.Role))
            throw new ForbiddenException("Only the person who saved this view or an admin may change it.");
    }
}
