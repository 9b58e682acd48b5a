using Rapport.Web.Http;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Platform.Features;
using Rapport.Web.Customers.Pages;
using Rapport.Web.Platform;
using Rapport.Web.Shared;

namespace Rapport.Web.Customers;

/// <summary>
/// The contact and account pages: lists (filters in the query string exactly as the API takes them,
/// saved views, bulk actions, CSV export, infinite scroll), "new" forms, record pages with inline
/// edit and history. Endpoints stay thin: they turn form fields into the API's JSON and call the
/// same handlers as the API; errors come back next to the fields.
/// </summary>
public static class CustomersPages
{
    public static IServiceCollection AddCustomersPages(this IServiceCollection services) => services
        .AddScoped<FieldSpecs>()
        .AddScoped<ListPages>()
        .AddScoped<RecordPages>()
        .AddScoped<SavedViewsForLists>()
        .AddScoped<TimelinePages>();

    public static void MapCustomersPages(this RouteGroupBuilder ui)
    {
        MapList(ui, ListEntity.Contacts);
        MapList(ui, ListEntity.Accounts);
        MapContacts(ui);
        MapAccounts(ui);
        ui.MapCustomersSettingsPages();
    }

    // ---- Lists -------------------------------------------------------------------------------

    private static void MapList(RouteGroupBuilder ui, ListEntity e)
    {
        ui.MapGet(e.Path, async (HttpContext http, ListPages pages, CancellationToken ct) =>
        {
            var state = ListState.Parse(e.Path, http.Request.Query, out var canonical);
            if (!canonical) return Results.Redirect(state.Url(cursor: state.Cursor));
            var model = await pages.LoadAsync(e, state, withViews: true, ct);
            var q = http.Request.Query;
            return PageResults.Render<ListPage>(new { M = model, Done = (string?)q["done"], TrashLink = q["trash"] == "1" },
                model.Errors is null ? 200 : PageResults.FormErrors);
        });

        // The next rows (infinite scroll): the same state plus the cursor.
        ui.MapGet(e.Path + "/rows", async (HttpContext http, ListPages pages, CancellationToken ct) =>
        {
            var state = ListState.Parse(e.Path, http.Request.Query, out _);
            var model = await pages.LoadAsync(e, state, withViews: false, ct);
            return PageResults.Render<ListRows>(new { Model = model }, model.Errors is null ? 200 : PageResults.FormErrors);
        });

        ui.MapPost(e.Path + "/bulk", async (HttpContext http, [FromForm] string? action, [FromForm] string? tag, [FromForm] string? ownerId,
            [FromForm] string? returnUrl, BulkUpdateContacts contacts, BulkUpdateAccounts accounts, CancellationToken ct) =>
        {
            var back = PageResults.SafeReturnUrl(returnUrl is not null && returnUrl.StartsWith(e.Path) ? returnUrl : e.Path);
            var ids = http.Request.Form["ids"].Select(v => Guid.TryParse(v, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();
            var request = new BulkUpdateContacts.Request(ids, action, tag, Guid.TryParse(ownerId, out var o) ? o : null);
            try
            {
                var result = e == ListEntity.Contacts ? await contacts.HandleAsync(request, ct) : await accounts.HandleAsync(request, ct);
                var noun = result.Updated == 1 ? e.Singular : e.Title.ToLowerInvariant();
                var done = action switch
                {
                    "tag" => $"Tag “{tag?.Trim()}” added to {result.Updated} {noun}.",
                    "untag" => $"Tag “{tag?.Trim()}” removed from {result.Updated} {noun}.",
                    "assign" => $"Owner changed on {result.Updated} {noun}.",
                    "delete" => $"{result.Updated} {noun} moved to the trash.",
                    _ => "Done.",
                };
                return Results.Redirect(QueryHelpers.AddQueryString(back, action == "delete"
                    ? new Dictionary<string, string?> { ["done"] = done, ["trash"] = "1" }
                    : new Dictionary<string, string?> { ["done"] = done }));
            }
            catch (ValidationFailedException v)
            {
                return Results.Redirect(QueryHelpers.AddQueryString(back, "done", string.Join(" ", v.Errors.SelectMany(x => x.Value))));
            }
        });

        ui.MapGet(e.Path + "/export.{format:regex(^(csv|xlsx)$)}", async (HttpContext http, string format, ExportContacts contacts, ExportAccounts accounts, CancellationToken ct) =>
        {
            var state = ListState.Parse(e.Path, http.Request.Query, out _);
            // The export validates the filters (and an XLSX's row count) before its first byte; a refusal is the list page's message.
            try
            {
                var write = e == ListEntity.Contacts
                    ? await contacts.PrepareAsync(format, state.Filters, state.Sort, ct)
                    : await accounts.PrepareAsync(format, state.Filters, state.Sort, ct);
                await ExportDownloads.WriteAsync(http, e.Title.ToLowerInvariant(), format, write, ct);
                return Results.Empty;
            }
            catch (ValidationFailedException v) when (!http.Response.HasStarted)
            {
                return Results.Redirect(QueryHelpers.AddQueryString(state.Url(), "done", string.Join(" ", v.Errors.SelectMany(x => x.Value))));
            }
        });

        // Saved views.
        ui.MapPost(e.Path + "/views", async (HttpContext http, [FromForm] string? name, [FromForm] string? shared, [FromForm] string? query,
            [FromForm] string? columns, ManageSavedViews views, ListPages pages, CancellationToken ct) =>
        {
            var body = ViewBody(name, query, columns);
            body["entity"] = e.Name;
            body["shared"] = shared == "true";
            try
            {
                var v = await views.CreateAsync(body, ct);
                return Results.Redirect(SavedViewsForLists.Url(e, v));
            }
            catch (ValidationFailedException err)
            {
                var state = StateOf(e, query, columns);
                var model = await pages.LoadAsync(e, state, withViews: true, ct);
                return PageResults.RenderAt<ListPage>(http, state.Url(), new { M = model, ViewName = name, ViewErrors = err.Errors }, PageResults.FormErrors);
            }
        });

        ui.MapPost(e.Path + "/views/{id:guid}/rename", async (HttpContext http, Guid id, [FromForm] string? name, [FromForm] string? query,
            [FromForm] string? columns, ManageSavedViews views, CancellationToken ct) =>
        {
            try
            {
                var v = await views.UpdateAsync(id, ViewBody(name, query, columns), null, ct);
                return Results.Redirect(QueryHelpers.AddQueryString(SavedViewsForLists.Url(e, v), "done", $"View “{v.Name}” saved"));
            }
            catch (ValidationFailedException err)
            {
                return Results.Redirect(QueryHelpers.AddQueryString(StateOf(e, query, columns).Url(), "done", string.Join(" ", err.Errors.SelectMany(x => x.Value))));
            }
        });

        ui.MapPost(e.Path + "/views/{id:guid}/delete", async (Guid id, ManageSavedViews views, CancellationToken ct) =>
        {
            var v = await views.GetAsync(id, ct);
            await views.DeleteAsync(id, ct);
            return Results.Redirect(QueryHelpers.AddQueryString(e.Path, new Dictionary<string, string?> { ["done"] = $"View “{v.Name}” deleted.", ["trash"] = "1" }));
        });
    }

    private static JsonObject ViewBody(string? name, string? query, string? columns) => new()
    {
        ["name"] = name,
        ["query"] = query ?? "",
        ["columns"] = new JsonArray((columns ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
    };

    private static ListState StateOf(ListEntity e, string? query, string? columns)
    {
        var q = QueryHelpers.ParseQuery(query ?? "");
        if (!string.IsNullOrEmpty(columns)) q["columns"] = columns;
        return ListState.Parse(e.Path, new QueryCollection(q), out _);
    }

    // ---- Contacts ----------------------------------------------------------------------------

    private static readonly RecordKind ContactKind = new(
        "/contacts",
        async (sp, id, _, ct) =>
        {
            var v = await sp.GetRequiredService<RecordPages>().ContactAsync(id, ct);
            return new Loaded(v, v.Specs, v.Contact.Version, v.Path);
        },
        (sp, id, patch, ifMatch, ct) => sp.GetRequiredService<UpdateContact>().HandleAsync(id, patch, ifMatch, ct),
        "Contact",
        (p, status) => PageResults.Render<ContactPage>(p, status),
        (sp, view, filter, cursor, composer, done, ct) => sp.GetRequiredService<TimelinePages>().ContactAsync((ContactView)view, filter, cursor, composer, done, ct),
        IsContact: true);

    private static void MapContacts(RouteGroupBuilder ui)
    {
        ui.MapGet("/contacts/new", async (RecordPages pages, RequestContext ctx, CancellationToken ct) =>
            PageResults.Render<RecordFormPage>(new
            {
                Entity = ListEntity.Contacts, Specs = await pages.NewSpecsAsync(ListEntity.Contacts, null, ctx.UserId, ct),
                AccountOptions = await pages.AccountOptionsAsync(null, ct),
            }));

        ui.MapPost("/contacts", async (HttpContext http, RecordPages pages, CreateContact create, WorkspaceFormat fmt, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var specs = await pages.NewSpecsAsync(ListEntity.Contacts, form, null, ct);
            var body = new JsonObject();
            foreach (var s in specs) s.PutInto(body, form, fmt);
            if (Guid.TryParse(form["accountId"], out var accountId))
                body["accounts"] = new JsonArray(new JsonObject { ["accountId"] = accountId.ToString(), ["role"] = Blank(form["role"]) ?? AccountRoles.Other, ["title"] = Blank(form["title"]) });
            async Task<IResult> Again(object extra, int status)
            {
                var p = new Dictionary<string, object?>
                {
                    ["Entity"] = ListEntity.Contacts, ["Specs"] = specs, ["AccountOptions"] = await pages.AccountOptionsAsync(null, ct),
                    ["AccountId"] = (string?)form["accountId"], ["Role"] = (string?)form["role"], ["Title"] = (string?)form["title"],
                };
                foreach (var (k, v) in new Microsoft.AspNetCore.Routing.RouteValueDictionary(extra)) p[k] = v;
                return PageResults.RenderAt<RecordFormPage>(http, "/contacts/new", p, status);
            }
            try
            {
                var c = await create.HandleAsync(body, ct, allowDuplicate: form["allowDuplicate"] == "true");
                return PageResults.NavigateTo(http, $"/contacts/{c.Id}?done={Uri.EscapeDataString("Contact created")}");
            }
            catch (ValidationFailedException err) { return await Again(new { err.Errors }, PageResults.FormErrors); }
            catch (ConflictException err) { return await Again(new { Conflict = err.Message, Duplicates = err.Duplicates ?? [], CanCreateAnyway = Rapport.Customers.DuplicateCheck.IsOverridable(err) }, 409); }
        });

        ui.MapGet("/contacts/{id:guid}", async (Guid id, string? tab, string? type, string? cursor, string? done, string? error, Guid? undoMerge, RecordPages pages,
            TimelinePages timeline, ListAudit audit, CancellationToken ct) =>
        {
            var v = await pages.ContactAsync(id, ct);
            var history = tab == "history" ? await HistoryAsync(audit, id, cursor, ct) : null;
            if (tab == "history" && history is null) return Results.Redirect($"/contacts/{id}?tab=history");
            return PageResults.Render<ContactPage>(new
            {
                V = v, Tab = tab, History = history, Error = error, Done = done, UndoMerge = undoMerge,
                Timeline = tab == "history" ? null : await timeline.ContactAsync(v, type, null, null, null, ct),
                AccountOptions = await pages.AccountOptionsAsync(null, ct),
            });
        });

        MapFieldEditing(ui, ContactKind);
        MapTimeline(ui, ContactKind);

        ui.MapPost("/contacts/{id:guid}/accounts", async (HttpContext http, Guid id, [FromForm] string? accountId, [FromForm] string? role,
            [FromForm] string? title, [FromForm] long? version, RecordPages pages, UpdateContact update, CancellationToken ct) =>
        {
            var v = await pages.ContactAsync(id, ct);
            async Task<IResult> Refused(IDictionary<string, string[]> errors) => PageResults.RenderAt<ContactPage>(http, v.Path, new
            {
                V = v, LinkErrors = Labels.ForFields(errors), AccountOptions = await pages.AccountOptionsAsync(null, ct),
            }, PageResults.FormErrors);
            if (!Guid.TryParse(accountId, out var aid)) return await Refused(new Dictionary<string, string[]> { ["accounts"] = ["Choose an account."] });
            var links = v.Contact.Accounts.Where(a => a.AccountId != aid).Select(LinkJson).Append(new JsonObject
            {
                ["accountId"] = aid.ToString(), ["role"] = Blank(role) ?? AccountRoles.Other, ["title"] = Blank(title),
            });
            try
            {
                var c = await update.HandleAsync(id, new JsonObject { ["accounts"] = new JsonArray(links.ToArray()) }, version, ct);
                var names = await pages.ContactAsync(id, ct);
                return Results.Redirect($"/contacts/{id}?done={Uri.EscapeDataString($"Linked to {names.AccountNames.GetValueOrDefault(aid, "the account")}")}");
            }
            catch (ValidationFailedException err) { return await Refused(err.Errors); }
            catch (PreconditionFailedException) { return Results.Redirect($"/contacts/{id}?error={Uri.EscapeDataString(StaleMessage)}"); }
        });

        ui.MapPost("/contacts/{id:guid}/accounts/{accountId:guid}/remove", async (Guid id, Guid accountId, [FromForm] long? version,
            RecordPages pages, UpdateContact update, CancellationToken ct) =>
        {
            var v = await pages.ContactAsync(id, ct);
            var name = v.AccountNames.GetValueOrDefault(accountId, "the account");
            var links = v.Contact.Accounts.Where(a => a.AccountId != accountId).Select(LinkJson).ToArray();
            try
            {
                await update.HandleAsync(id, new JsonObject { ["accounts"] = new JsonArray(links) }, version, ct);
                return Results.Redirect($"/contacts/{id}?done={Uri.EscapeDataString($"Removed from {name}")}");
            }
            catch (PreconditionFailedException) { return Results.Redirect($"/contacts/{id}?error={Uri.EscapeDataString(StaleMessage)}"); }
        });

        ui.MapPost("/contacts/{id:guid}/delete", async (Guid id, GetContact get, DeleteContact delete, CancellationToken ct) =>
        {
            var c = await get.HandleAsync(id, ct);
            await delete.HandleAsync(id, ct);
            var title = c.FullName.Length > 0 ? c.FullName : c.Email ?? "The contact";
            return Results.Redirect(QueryHelpers.AddQueryString("/contacts", new Dictionary<string, string?>
            {
                ["done"] = $"“{title}” moved to the trash.", ["trash"] = "1",
            }));
        });
    }

    // ---- Accounts ----------------------------------------------------------------------------

    private static readonly RecordKind AccountKind = new(
        "/accounts",
        async (sp, id, parentOptions, ct) =>
        {
            var v = await sp.GetRequiredService<RecordPages>().AccountAsync(id, ct, parentOptions);
            return new Loaded(v, v.Specs, v.Account.Version, v.Path);
        },
        (sp, id, patch, ifMatch, ct) => sp.GetRequiredService<UpdateAccount>().HandleAsync(id, patch, ifMatch, ct),
        "Account",
        (p, status) => PageResults.Render<AccountPage>(p, status),
        (sp, view, filter, cursor, composer, done, ct) => sp.GetRequiredService<TimelinePages>().AccountAsync((AccountView)view, filter, cursor, composer, done, ct),
        IsContact: false);

    private static void MapAccounts(RouteGroupBuilder ui)
    {
        ui.MapGet("/accounts/new", async (RecordPages pages, RequestContext ctx, CancellationToken ct) =>
            PageResults.Render<RecordFormPage>(new { Entity = ListEntity.Accounts, Specs = await pages.NewSpecsAsync(ListEntity.Accounts, null, ctx.UserId, ct) }));

        ui.MapPost("/accounts", async (HttpContext http, RecordPages pages, CreateAccount create, WorkspaceFormat fmt, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var specs = await pages.NewSpecsAsync(ListEntity.Accounts, form, null, ct);
            var body = new JsonObject();
            foreach (var s in specs) s.PutInto(body, form, fmt);
            try
            {
                var a = await create.HandleAsync(body, ct, allowDuplicate: form["allowDuplicate"] == "true");
                return PageResults.NavigateTo(http, $"/accounts/{a.Id}?done={Uri.EscapeDataString("Account created")}");
            }
            catch (ValidationFailedException err)
            {
                return PageResults.RenderAt<RecordFormPage>(http, "/accounts/new", new { Entity = ListEntity.Accounts, Specs = specs, err.Errors }, PageResults.FormErrors);
            }
            catch (ConflictException err)
            {
                return PageResults.RenderAt<RecordFormPage>(http, "/accounts/new",
                    new { Entity = ListEntity.Accounts, Specs = specs, Conflict = err.Message, Duplicates = err.Duplicates ?? [], CanCreateAnyway = Rapport.Customers.DuplicateCheck.IsOverridable(err) }, 409);
            }
        });

        // An account picker's options narrowed by name (htmx, as one types).
        ui.MapGet("/accounts/options", async (string? q, RecordPages pages, CancellationToken ct) =>
            PageResults.Render<AccountOptions>(new { Options = await pages.AccountOptionsAsync(q, ct) }));

        ui.MapGet("/accounts/{id:guid}", async (Guid id, string? tab, string? type, string? cursor, string? done, string? error, Guid? undoMerge, RecordPages pages,
            TimelinePages timeline, ListAudit audit, CancellationToken ct) =>
        {
            var v = await pages.AccountAsync(id, ct);
            var history = tab == "history" ? await HistoryAsync(audit, id, cursor, ct) : null;
            if (tab == "history" && history is null) return Results.Redirect($"/accounts/{id}?tab=history");
            return PageResults.Render<AccountPage>(new
            {
                V = v, Tab = tab, History = history, Done = done, Error = error, UndoMerge = undoMerge,
                Timeline = tab == "history" ? null : await timeline.AccountAsync(v, type, null, null, null, ct),
            });
        });

        MapFieldEditing(ui, AccountKind);
        MapTimeline(ui, AccountKind);

        ui.MapPost("/accounts/{id:guid}/delete", async (Guid id, GetAccount get, DeleteAccount delete, CancellationToken ct) =>
        {
            var a = await get.HandleAsync(id, ct);
            await delete.HandleAsync(id, ct);
            return Results.Redirect(QueryHelpers.AddQueryString("/accounts", new Dictionary<string, string?>
            {
                ["done"] = $"“{a.Name}” moved to the trash.", ["trash"] = "1",
            }));
        });
    }

    // ---- Inline edit (both kinds) ------------------------------------------------------------

    private sealed record Loaded(object View, IReadOnlyList<FieldSpec> Specs, long Version, string Path);

    private sealed record RecordKind(
        string Path,
        Func<IServiceProvider, Guid, bool, CancellationToken, Task<Loaded>> Load,
        Func<IServiceProvider, Guid, JsonObject, long?, CancellationToken, Task> Update,
        string ViewParam,
        Func<Dictionary<string, object?>, int, IResult> RenderPage,
        Func<IServiceProvider, object, string?, string?, ComposerState?, string?, CancellationToken, Task<TimelineModel>> Timeline,
        bool IsContact);

    private static void MapFieldEditing(RouteGroupBuilder ui, RecordKind kind)
    {
        // The field as shown (an inline editor's Cancel).
        ui.MapGet(kind.Path + "/{id:guid}/fields/{key}", async (HttpContext http, Guid id, string key, CancellationToken ct) =>
        {
            var loaded = await kind.Load(http.RequestServices, id, false, ct);
            if (!PageResults.IsFragmentRequest(http)) return Results.Redirect(loaded.Path);
            var spec = loaded.Specs.FirstOrDefault(s => s.Key == key) ?? throw new NotFoundException("There is no such field.");
            return PageResults.Render<FieldFragment>(new { Spec = spec, RecordPath = loaded.Path, Version = loaded.Version });
        });

        // The field's editor: swapped in place by htmx, or the whole page with that field open without JavaScript.
        ui.MapGet(kind.Path + "/{id:guid}/fields/{key}/edit", async (HttpContext http, Guid id, string key, CancellationToken ct) =>
        {
            var loaded = await kind.Load(http.RequestServices, id, key == "parentAccountId", ct);
            var spec = loaded.Specs.FirstOrDefault(s => s.Key == key) ?? throw new NotFoundException("There is no such field.");
            if (PageResults.IsFragmentRequest(http))
                return PageResults.Render<FieldFragment>(new { Spec = spec, RecordPath = loaded.Path, Editing = true, Version = loaded.Version });
            return kind.RenderPage(new()
            {
                ["V"] = loaded.View, ["EditKey"] = key, ["Timeline"] = await kind.Timeline(http.RequestServices, loaded.View, null, null, null, null, ct),
            }, 200);
        });

        ui.MapPost(kind.Path + "/{id:guid}/fields/{key}", async (HttpContext http, Guid id, string key, WorkspaceFormat fmt,
            ListAudit audit, ListMembers members, RequestContext ctx, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var before = await kind.Load(http.RequestServices, id, key == "parentAccountId", ct);
            var spec = before.Specs.FirstOrDefault(s => s.Key == key) ?? throw new NotFoundException("There is no such field.");
            long? ifMatch = long.TryParse(form["version"], out var v) ? v : null;
            var patch = new JsonObject();
            spec.PutInto(patch, form, fmt);
            var typed = spec.WithInput(form);

            async Task<IResult> Editor(int status, IDictionary<string, string[]>? errors = null, string? conflict = null, long? version = null)
            {
                var shownVersion = version ?? ifMatch ?? before.Version;
                if (PageResults.IsFragmentRequest(http))
                    return PageResults.Render<FieldFragment>(new
                    {
                        Spec = typed, RecordPath = before.Path, Editing = true, Version = shownVersion, Errors = errors, Conflict = conflict,
                    }, status);
                http.Response.Headers["HX-Push-Url"] = before.Path;
                return kind.RenderPage(new()
                {
                    ["V"] = before.View, ["EditKey"] = key, ["EditSpec"] = typed, ["EditErrors"] = errors, ["Conflict"] = conflict,
                    ["ConflictVersion"] = shownVersion, ["Timeline"] = await kind.Timeline(http.RequestServices, before.View, null, null, null, null, ct),
                }, status);
            }

            try
            {
                await kind.Update(http.RequestServices, id, patch, ifMatch, ct);
            }
            catch (ValidationFailedException err) { return await Editor(PageResults.FormErrors, Labels.ForFields(err.Errors)); }
            catch (ConflictException err) { return await Editor(409, new Dictionary<string, string[]> { [key] = [err.Message] }); }
            catch (PreconditionFailedException)
            {
                var message = await ChangedByAsync(audit, members, ctx, http.RequestServices.GetRequiredService<WorkspaceFormat>(), id, typed, before, ct);
                return await Editor(409, conflict: message, version: before.Version);
            }

            if (!PageResults.IsFragmentRequest(http))
                return Results.Redirect($"{before.Path}?done={Uri.EscapeDataString($"{spec.Label} saved")}");
            var after = await kind.Load(http.RequestServices, id, false, ct);
            var saved = after.Specs.FirstOrDefault(s => s.Key == key) ?? spec;
            var p = new Dictionary<string, object?>
            {
                ["Spec"] = saved, ["RecordPath"] = after.Path, ["Version"] = after.Version, ["Saved"] = true, [kind.ViewParam] = after.View,
            };
            return PageResults.Render<FieldFragment>(p);
        });
    }

    // ---- Timeline and composer (both kinds) ---------------------------------------------------

    private static void MapTimeline(RouteGroupBuilder ui, RecordKind kind)
    {
        // The next timeline entries (infinite scroll).
        ui.MapGet(kind.Path + "/{id:guid}/timeline", async (HttpContext http, Guid id, string? type, string? cursor, CancellationToken ct) =>
        {
            var loaded = await kind.Load(http.RequestServices, id, false, ct);
            if (!PageResults.IsFragmentRequest(http)) return Results.Redirect(type is null ? loaded.Path : $"{loaded.Path}?type={Uri.EscapeDataString(type)}");
            var model = await kind.Timeline(http.RequestServices, loaded.View, type, cursor, null, null, ct);
            return PageResults.Render<TimelineItems>(new { M = model });
        });

        Compose("notes", "note", (t, c, a, form, ct) => t.AddNoteAsync(c, a, form, ct));
        Compose("calls", "call", (t, c, a, form, ct) => t.LogCallAsync(c, a, form, ct));
        Compose("tasks", "task", (t, c, a, form, ct) => t.AddTaskAsync(c, a, form, ct));

        ui.MapPost(kind.Path + "/{id:guid}/tasks/{taskId:guid}/complete", async (HttpContext http, Guid id, Guid taskId, TimelinePages timeline, CancellationToken ct) =>
        {
            var loaded = await kind.Load(http.RequestServices, id, false, ct);
            var done = await timeline.CompleteTaskAsync(taskId, ct);
            if (!PageResults.IsFragmentRequest(http)) return Results.Redirect($"{loaded.Path}?done={Uri.EscapeDataString(done)}");
            var model = await kind.Timeline(http.RequestServices, loaded.View, null, null, new ComposerState("task"), done, ct);
            return PageResults.Render<TimelineRegion>(new { M = model });
        });

        void Compose(string segment, string open, Func<TimelinePages, Guid?, Guid?, IFormCollection, CancellationToken, Task<string>> act)
        {
            ui.MapPost(kind.Path + "/{id:guid}/" + segment, async (HttpContext http, Guid id, TimelinePages timeline, CancellationToken ct) =>
            {
                var form = await http.Request.ReadFormAsync(ct);
                var loaded = await kind.Load(http.RequestServices, id, false, ct);
                string? done = null;
                ComposerState composer;
                var status = 200;
                try
                {
                    done = await act(timeline, kind.IsContact ? id : null, kind.IsContact ? null : id, form, ct);
                    composer = new ComposerState(open);
                }
                catch (ValidationFailedException e)
                {
                    composer = new ComposerState(open, e.Errors, TimelinePages.ValuesOf(form));
                    status = PageResults.FormErrors;
                }
                if (!PageResults.IsFragmentRequest(http))
                {
                    if (status == 200) return Results.Redirect($"{loaded.Path}?done={Uri.EscapeDataString(done!)}#timeline");
                    http.Response.Headers["HX-Push-Url"] = loaded.Path;
                    return kind.RenderPage(new()
                    {
                        ["V"] = loaded.View, ["Timeline"] = await kind.Timeline(http.RequestServices, loaded.View, null, null, composer, null, ct),
                    }, status);
                }
                var model = await kind.Timeline(http.RequestServices, loaded.View, null, null, composer, done, ct);
                return PageResults.Render<TimelineRegion>(new { M = model }, status);
            });
        }
    }

    /// <summary>"Changed by Ana 2 minutes ago (now: …)": who changed the record since it was opened, from its audit log.</summary>
    private static async Task<string> ChangedByAsync(ListAudit audit, ListMembers members, RequestContext ctx, WorkspaceFormat fmt,
        Guid id, FieldSpec typed, Loaded current, CancellationToken ct)
    {
        var last = (await audit.HandleAsync(id, 1, null, ct)).Items.FirstOrDefault();
        var who = "someone else";
        if (last?.ActorUserId is { } actor)
            who = actor == ctx.UserId ? "you (in another tab)"
                : (await members.HandleAsync(Paging.MaxLimit, null, ct)).Items.FirstOrDefault(m => m.Id == actor)?.Name ?? "a former member";
        else if (last?.ActorApiKeyId is not null) who = "an API key";
        var when = last is null ? "" : " " + fmt.Relative(last.OccurredAt);
        var now = current.Specs.FirstOrDefault(s => s.Key == typed.Key);
        var shown = now is null ? "" : now.Chips.Count > 0 ? string.Join(", ", now.Chips.Select(c => c.Text)) : now.Display ?? "empty";
        return $"This {(current.Path.StartsWith("/contacts") ? "contact" : "account")} was changed by {who}{when}; {typed.Label} is now “{shown}”. "
            + "What you typed is kept: save it anyway, or reload.";
    }

    private const string StaleMessage = "This contact was changed by someone else meanwhile. Reload and try again; nothing was changed.";

    private static async Task<Page<ListAudit.Item>?> HistoryAsync(ListAudit audit, Guid id, string? cursor, CancellationToken ct)
    {
        try { return await audit.HandleAsync(id, 50, cursor, ct); }
        catch (ValidationFailedException) { return null; }
    }

    private static JsonObject LinkJson(AccountLink a) => new() { ["accountId"] = a.AccountId.ToString(), ["role"] = a.Role, ["title"] = a.Title };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
