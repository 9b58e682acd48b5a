using Rapport.Web.Activities;
using Rapport.Web.Http;
using System.Globalization;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Leads;
using Rapport.Platform;
using Rapport.Leads.Features;
using Rapport.Platform.Features;
using Rapport.Sales.Features;
using Rapport.Web.Leads.Pages;
using Rapport.Web.Platform;
using Rapport.Web.Shared;

namespace Rapport.Web.Leads;

/// <summary>
/// The lead pages: the list (/leads: filters, sortable headers, keyset "load more"), a new-lead form,
/// the lead page (/leads/{id}: fields form, score explained line by line, timeline, assign, convert,
/// delete), and Settings → Web forms, Lead scoring, Lead assignment. Plain forms with antiforgery;
/// errors come back as 422 with messages next to the fields.
/// </summary>
public static class LeadsPages
{
    public static void MapLeadsPages(this RouteGroupBuilder root)
    {
        var ui = root.MapGroup("")
            .AddEndpointFilter(async (c, next) =>
            {
                // RelativeTime reads the workspace's zone and locale: load them once, before components render in parallel.
                await c.HttpContext.RequestServices.GetRequiredService<WorkspaceFormat>().LoadAsync();
                return await next(c);
            });

        ui.MapGet("/leads", async (HttpRequest req, string? done, ListLeads list, ListMembers members, CancellationToken ct) =>
        {
            var query = LeadsApi.ListQueryOf(req);
            query = query with { Filters = query.Filters.Where(f => f.Value.Trim().Length > 0).ToList() }; // the filter bar's empty choices
            var names = await MemberNamesAsync(members, ct);
            try
            {
                var page = await list.HandleAsync(query with { Limit = query.Limit ?? 50 }, ct);
                return PageResults.Render<LeadsListPage, LeadsListPage.Model>(new LeadsListPage.Model { Page = page, Query = query, Members = names, Done = done });
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<LeadsListPage, LeadsListPage.Model>(new LeadsListPage.Model { Page = new Page<LeadDto>([], null), Query = query, Members = names, Errors = e.Errors }, 400);
            }
        });

        ui.MapGet("/leads/new", async (ListMembers members, LeadCustomFields custom, CancellationToken ct) =>
            PageResults.Render<LeadNewPage, LeadNewPage.Model>(new LeadNewPage.Model { Members = await ActiveMembersAsync(members, ct), Custom = await custom.SpecsAsync(null, null, ct) }));
        ui.MapPost("/leads", async (HttpContext http, IFormCollection form, CreateLead create, ListMembers members, LeadCustomFields custom, CancellationToken ct) =>
        {
            var values = Values(form);
            var specs = await custom.SpecsAsync(null, form, ct);
            try
            {
                var body = BodyOf(values);
                custom.PutInto(body, specs, form);
                if (body["ownerId"] is null) body.Remove("ownerId"); // left empty: the assignment rules decide
                var lead = await create.HandleAsync(body, ct);
                return PageResults.NavigateTo(http, $"/leads/{lead.Id}?done={Uri.EscapeDataString("Lead created.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<LeadNewPage, LeadNewPage.Model>(http, "/leads/new", new LeadNewPage.Model { Members = await ActiveMembersAsync(members, ct), Values = values, Errors = e.Errors, Custom = specs }, PageResults.FormErrors);
            }
        });

        ui.MapRecordActivities("/leads", LeadAccess.RecordType);
        ui.MapGet("/leads/{id:guid}", async (Guid id, string? done, string? error, LeadPageLoader loader, CancellationToken ct) =>
            PageResults.Render<LeadPage, LeadPage.Model>(await loader.LoadAsync(id, done: done, error: error, ct: ct)));

        ui.MapPost("/leads/{id:guid}", async (HttpContext http, Guid id, IFormCollection form, UpdateLead update, LeadPageLoader loader, LeadCustomFields custom, CancellationToken ct) =>
        {
            var values = Values(form);
            long? version = long.TryParse(values.GetValueOrDefault("version"), out var v) ? v : null;
            try
            {
                var body = BodyOf(values);
                custom.PutInto(body, await custom.SpecsAsync(null, form, ct), form);
                await update.HandleAsync(id, body, version, ct);
                return PageResults.NavigateTo(http, $"/leads/{id}?done={Uri.EscapeDataString("Changes saved.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<LeadPage, LeadPage.Model>(http, $"/leads/{id}", await loader.LoadAsync(id, editValues: values, editErrors: e.Errors, editForm: form, ct: ct), PageResults.FormErrors);
            }
            catch (PreconditionFailedException)
            {
                return PageResults.RenderAt<LeadPage, LeadPage.Model>(http, $"/leads/{id}", await loader.LoadAsync(id, editValues: values, editForm: form,
                    error: "Someone else changed this lead while you were editing. Your changes are still in the form: check the current values on reload, then save again.", staleVersion: true, ct: ct), 409);
            }
        });

        ui.MapPost("/leads/{id:guid}/assign", async (HttpContext http, Guid id, AssignLeads assign, CancellationToken ct) =>
        {
            var r = await assign.HandleAsync(id, ct);
            var msg = r.Assigned ? $"Assigned by the rule '{r.Rule}'." : "No assignment rule applies to this lead.";
            return PageResults.NavigateTo(http, $"/leads/{id}?done={Uri.EscapeDataString(msg)}");
        });

        ui.MapPost("/leads/{id:guid}/convert", async (HttpContext http, Guid id, IFormCollection form, ConvertLead convert, LeadPageLoader loader, CancellationToken ct) =>
        {
            var values = Values(form);
            var createDeal = values.GetValueOrDefault("createDeal") is "true" or "on";
            var errors = new FieldErrors();
            Guid? pipelineId = Guid.TryParse(values.GetValueOrDefault("pipelineId"), out var p) ? p : null;
            decimal? amount = null;
            if (values.GetValueOrDefault("amount") is { Length: > 0 } a)
            {
                if (decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)) amount = n;
                else errors.Add("amount", "Must be a number, e.g. 12500.");
            }
            try
            {
                errors.ThrowIfAny();
                var r = await convert.HandleAsync(id, createDeal
                    ? new ConvertLead.Request(true, pipelineId, values.GetValueOrDefault("dealName"), amount)
                    : new ConvertLead.Request(false, null, null, null), ct);
                var msg = "Lead converted" + (r.ContactExisted ? " onto the existing contact" : "") + (r.AccountId is null ? "" : r.AccountExisted ? ", linked to the existing account" : " with a new account")
                    + (r.DealId is null ? "." : " and a deal.");
                return PageResults.NavigateTo(http, $"/contacts/{r.ContactId}?done={Uri.EscapeDataString(msg)}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<LeadPage, LeadPage.Model>(http, $"/leads/{id}", await loader.LoadAsync(id, convertValues: values, convertErrors: e.Errors, ct: ct), PageResults.FormErrors);
            }
            catch (ConflictException e)
            {
                return PageResults.RenderAt<LeadPage, LeadPage.Model>(http, $"/leads/{id}", await loader.LoadAsync(id, error: e.Message, ct: ct), 409);
            }
        });

        ui.MapPost("/leads/{id:guid}/delete", async (HttpContext http, Guid id, DeleteLead delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(id, ct);
            return PageResults.NavigateTo(http, $"/leads?done={Uri.EscapeDataString("Lead moved to the trash.")}");
        });

        ui.MapLeadsSettingsPages();
    }

    internal static async Task<IReadOnlyDictionary<Guid, string>> MemberNamesAsync(ListMembers members, CancellationToken ct) =>
        (await members.HandleAsync(Paging.MaxLimit, null, ct)).Items.ToDictionary(m => m.Id, m => m.Name);

    internal static async Task<IReadOnlyList<MemberDto>> ActiveMembersAsync(ListMembers members, CancellationToken ct) =>
        (await members.HandleAsync(Paging.MaxLimit, null, ct)).Items.Where(m => m.Active && m.Role != Roles.ReadOnly)
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    internal static Dictionary<string, string?> Values(IFormCollection form) =>
        form.Where(kv => kv.Key != "__RequestVerificationToken").ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());

    /// <summary>The lead fields of a posted form as a merge patch: an empty input clears the field.</summary>
    internal static JsonObject BodyOf(IReadOnlyDictionary<string, string?> values)
    {
        var body = new JsonObject();
        foreach (var key in LeadWriter.Writable)
        {
            if (!values.TryGetValue(key, out var raw)) continue;
            var v = raw?.Trim();
            if (string.IsNullOrEmpty(v)) body[key] = null;
            else if (key == "employees")
                body[key] = decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(v);
            else body[key] = v;
        }
        if (body.ContainsKey("status") && body["status"] is null) body.Remove("status");
        return body;
    }
}

/// <summary>Loads everything the lead page shows.</summary>
public sealed class LeadPageLoader(GetLead get, ExplainLeadScore score, GetLeadTimeline timeline, ListMembers members, ManagePipelines pipelines, RequestContext ctx,
    LeadCustomFields custom)
{
    public async Task<LeadPage.Model> LoadAsync(Guid id, string? done = null, string? error = null, IReadOnlyDictionary<string, string?>? editValues = null,
        IDictionary<string, string[]>? editErrors = null, IReadOnlyDictionary<string, string?>? convertValues = null, IDictionary<string, string[]>? convertErrors = null,
        bool staleVersion = false, IFormCollection? editForm = null, CancellationToken ct = default)
    {
        var lead = await get.HandleAsync(id, ct);
        var explained = await score.HandleAsync(id, ct);
        if (explained.Score != lead.Score) lead = await get.HandleAsync(id, ct);
        var items = await timeline.HandleAsync(id, 50, ct);
        var all = (await members.HandleAsync(Paging.MaxLimit, null, ct)).Items;
        return new LeadPage.Model(lead, explained, items, all.ToDictionary(m => m.Id, m => m.Name),
            all.Where(m => m.Active && m.Role != Roles.ReadOnly).OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).ToList(),
            await pipelines.ListAsync(ct), Roles.CanWrite(ctx.Role), done, error, editValues, editErrors, convertValues, convertErrors, staleVersion,
            await custom.SpecsAsync(lead, editForm, ct));
    }
}

/// <summary>The lead custom fields on the lead forms: their specs (the contacts' inputs) and the posted values as the API's <c>customFields</c>.</summary>
public sealed class LeadCustomFields(Rapport.Records.ManageCustomFields fields, Rapport.Web.Customers.FieldSpecs specs, WorkspaceFormat fmt)
{
    public async Task<IReadOnlyList<Rapport.Web.Customers.FieldSpec>> SpecsAsync(LeadDto? lead, IFormCollection? typed, CancellationToken ct)
    {
        var defs = await fields.ListAsync(Rapport.Leads.LeadAccess.RecordType, ct);
        return specs.Custom(defs, lead?.CustomFields).Select(s => typed is null ? s : s.WithInput(typed)).ToList();
    }

    public void PutInto(JsonObject body, IReadOnlyList<Rapport.Web.Customers.FieldSpec> custom, IFormCollection form)
    {
        foreach (var spec in custom)
            if (form.ContainsKey(spec.Key) || spec.Kind is "bool" or "multiselect") spec.PutInto(body, form, fmt);
    }
}
