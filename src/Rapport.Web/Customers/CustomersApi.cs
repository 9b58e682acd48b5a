using Rapport.Records;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Platform.Features;
using Rapport.Web.Http;

namespace Rapport.Web.Customers;

/// <summary>/api/v1: contacts, accounts, custom fields.</summary>
public static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("Contacts");
        contacts.MapGet("", async (HttpRequest req, ListContacts list, CancellationToken ct) => TypedResults.Ok(await list.HandleAsync(ListQueryOf(req), ct)));
        contacts.MapGet("/export", async (HttpContext http, ExportContacts export, CancellationToken ct) =>
        {
            var (format, filters, sort) = ExportQueryOf(http.Request);
            var write = await export.PrepareAsync(format, filters, sort, ct); // bad filters are a 400 before the first byte
            await ExportDownloads.WriteAsync(http, "contacts", format, write, ct);
        }).Produces(200, contentType: "text/csv").Produces(200, contentType: SheetCells.XlsxContentType);
        contacts.MapPost("/bulk", async (BulkUpdateContacts.Request body, BulkUpdateContacts bulk, CancellationToken ct) => TypedResults.Ok(await bulk.HandleAsync(body, ct)));
        contacts.MapGet("/{id:guid}/export", async (Guid id, ContactPrivacy privacy, CancellationToken ct) => TypedResults.Ok(await privacy.ExportAsync(id, ct)));
        contacts.MapPost("/{id:guid}/erase", async (Guid id, ContactPrivacy privacy, CancellationToken ct) =>
        {
            await privacy.EraseAsync(id, ct);
            return TypedResults.Ok(new { id, erased = true });
        });
        contacts.MapGet("/{id:guid}/history", async (Guid id, [AsParameters] Api.ListQuery q, CustomerAccess access, ListAudit audit, CancellationToken ct) =>
        {
            await access.EnsureContactVisibleAsync(id, ct);
            return TypedResults.Ok(await audit.HandleAsync(id, q.Limit, q.Cursor, ct));
        });
        contacts.MapGet("/{id:guid}", async (Guid id, HttpContext http, GetContact get, CancellationToken ct) =>
        {
            var c = await get.HandleAsync(id, ct);
            ETags.Set(http, c.Version);
            return TypedResults.Ok(c);
        });
        contacts.MapPost("", async ([FromBody] JsonObject body, bool? allowDuplicate, CreateContact create, CancellationToken ct) =>
        {
            var c = await create.HandleAsync(body, ct, allowDuplicate ?? false);
            return TypedResults.Created($"/api/v1/contacts/{c.Id}", c);
        });
        contacts.MapPatch("/{id:guid}", async (Guid id, HttpContext http, [FromBody] JsonObject patch, UpdateContact update, CancellationToken ct) =>
        {
            var c = await update.HandleAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, c.Version);
            return TypedResults.Ok(c);
        });
        contacts.MapDelete("/{id:guid}", async (Guid id, DeleteContact delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(id, ct);
            return TypedResults.NoContent();
        });

        var accounts = api.MapGroup("/accounts").WithTags("Accounts");
        accounts.MapGet("", async (HttpRequest req, ListAccounts list, CancellationToken ct) => TypedResults.Ok(await list.HandleAsync(ListQueryOf(req), ct)));
        accounts.MapGet("/export", async (HttpContext http, ExportAccounts export, CancellationToken ct) =>
        {
            var (format, filters, sort) = ExportQueryOf(http.Request);
            var write = await export.PrepareAsync(format, filters, sort, ct);
            await ExportDownloads.WriteAsync(http, "accounts", format, write, ct);
        }).Produces(200, contentType: "text/csv").Produces(200, contentType: SheetCells.XlsxContentType);
        accounts.MapPost("/bulk", async (BulkUpdateContacts.Request body, BulkUpdateAccounts bulk, CancellationToken ct) => TypedResults.Ok(await bulk.HandleAsync(body, ct)));
        accounts.MapGet("/{id:guid}/history", async (Guid id, [AsParameters] Api.ListQuery q, CustomerAccess access, ListAudit audit, CancellationToken ct) =>
        {
            await access.EnsureAccountVisibleAsync(id, ct);
            return TypedResults.Ok(await audit.HandleAsync(id, q.Limit, q.Cursor, ct));
        });
        accounts.MapGet("/{id:guid}", async (Guid id, HttpContext http, GetAccount get, CancellationToken ct) =>
        {
            var a = await get.HandleAsync(id, ct);
            ETags.Set(http, a.Version);
            return TypedResults.Ok(a);
        });
        accounts.MapPost("", async ([FromBody] JsonObject body, bool? allowDuplicate, CreateAccount create, CancellationToken ct) =>
        {
            var a = await create.HandleAsync(body, ct, allowDuplicate ?? false);
            return TypedResults.Created($"/api/v1/accounts/{a.Id}", a);
        });
        accounts.MapPatch("/{id:guid}", async (Guid id, HttpContext http, [FromBody] JsonObject patch, UpdateAccount update, CancellationToken ct) =>
        {
            var a = await update.HandleAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, a.Version);
            return TypedResults.Ok(a);
        });
        accounts.MapDelete("/{id:guid}", async (Guid id, DeleteAccount delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(id, ct);
            return TypedResults.NoContent();
        });

        var fields = api.MapGroup("/custom-fields").WithTags("Custom fields");
        fields.MapGet("", async (string? entity, ManageCustomFields m, CancellationToken ct) =>
            TypedResults.Ok(new { items = await m.ListAsync(entity, ct), nextCursor = (string?)null }));
        fields.MapGet("/{id:guid}", async (Guid id, ManageCustomFields m, CancellationToken ct) => TypedResults.Ok(await m.GetAsync(id, ct)));
        fields.MapPost("", async ([FromBody] JsonObject body, ManageCustomFields m, CancellationToken ct) =>
        {
            var f = await m.CreateAsync(body, ct);
            return TypedResults.Created($"/api/v1/custom-fields/{f.Id}", f);
        });
        fields.MapPatch("/{id:guid}", async (Guid id, HttpContext http, [FromBody] JsonObject patch, ManageCustomFields m, CancellationToken ct) =>
            TypedResults.Ok(await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct)));
        fields.MapDelete("/{id:guid}", async (Guid id, ManageCustomFields m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        var views = api.MapGroup("/saved-views").WithTags("Saved views");
        views.MapGet("", async (string? entity, ManageSavedViews m, CancellationToken ct) =>
            TypedResults.Ok(new { items = await m.ListAsync(entity ?? "contact", ct), nextCursor = (string?)null }));
        views.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageSavedViews m, CancellationToken ct) =>
        {
            var v = await m.GetAsync(id, ct);
            ETags.Set(http, v.Version);
            return TypedResults.Ok(v);
        });
        views.MapPost("", async ([FromBody] JsonObject body, ManageSavedViews m, CancellationToken ct) =>
        {
            var v = await m.CreateAsync(body, ct);
            return TypedResults.Created($"/api/v1/saved-views/{v.Id}", v);
        });
        views.MapPatch("/{id:guid}", async (Guid id, HttpContext http, [FromBody] JsonObject patch, ManageSavedViews m, CancellationToken ct) =>
        {
            var v = await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, v.Version);
            return TypedResults.Ok(v);
        });
        views.MapDelete("/{id:guid}", async (Guid id, ManageSavedViews m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }

    /// <summary>Streams a CSV download: UTF-8 with a BOM (so spreadsheets read accents), flushed page by page.</summary>
    /// <summary>An export's query: <c>format</c> (csv|xlsx), the sort, and every other parameter as a list filter.</summary>
    private static (string Format, List<KeyValuePair<string, string>> Filters, string? Sort) ExportQueryOf(HttpRequest req)
    {
        var q = ListQueryOf(req);
        var format = q.Filters.LastOrDefault(f => f.Key == "format").Value;
        return (format ?? SheetCells.Csv, q.Filters.Where(f => f.Key is not ("format" or "limit" or "cursor")).ToList(), q.Sort);
    }

    private static readonly HashSet<string> Paging = ["limit", "cursor", "sort"];

    /// <summary>limit, cursor and sort, and every other query parameter as a filter (in order, repeated ones kept).</summary>
    public static ListContacts.Query ListQueryOf(HttpRequest req)
    {
        int? limit = null;
        if (req.Query.TryGetValue("limit", out var l) && l.Count > 0)
            limit = int.TryParse(l[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ValidationFailedException("limit", "Must be a whole number from 1 to 200.");
        var filters = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in req.Query)
            if (!Paging.Contains(key))
                foreach (var v in values) filters.Add(new(key, v ?? ""));
        return new ListContacts.Query(limit, req.Query["cursor"].FirstOrDefault(), req.Query["sort"].FirstOrDefault(), filters);
    }
}
