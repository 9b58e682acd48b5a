using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Rapport.Common;
using Rapport.Leads;
using Rapport.Leads.Features;
using Rapport.Web.Http;

namespace Rapport.Web.Leads;

/// <summary>/api/v1: leads, forms (and their public submission door), scoring rules, assignment rules, lead settings.</summary>
public static class LeadsApi
{
    public const string FormSubmissionsPolicy = "formSubmissions";

    /// <summary>
    /// The public form door's rate limit (per IP, RateLimits:FormSubmissionsPerMinute, default 20; per
    /// instance like the others) and the decay job.
    /// </summary>
    public static IServiceCollection AddLeadsWeb(this IServiceCollection services, IConfiguration config)
    {
        var perMinute = config.GetValue("RateLimits:FormSubmissionsPerMinute", 20);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(FormSubmissionsPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            "form:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        services.AddHostedService<LeadRescoreWorker>();
        services.AddScoped<LeadPageLoader>();
        services.AddScoped<LeadCustomFields>();
        return services;
    }

    public static RouteGroupBuilder MapLeadsApi(this RouteGroupBuilder api)
    {
        var leads = api.MapGroup("/leads").WithTags("Leads");
        leads.MapGet("", async (HttpRequest req, ListLeads list, CancellationToken ct) => TypedResults.Ok(await list.HandleAsync(ListQueryOf(req), ct)));
        leads.MapGet("/{id:guid}", async (Guid id, HttpContext http, GetLead get, CancellationToken ct) =>
        {
            var l = await get.HandleAsync(id, ct);
            ETags.Set(http, l.Version);
            return TypedResults.Ok(l);
        });
        leads.MapPost("", async ([FromBody] JsonObject body, CreateLead create, CancellationToken ct) =>
        {
            var l = await create.HandleAsync(body, ct);
            return TypedResults.Created($"/api/v1/leads/{l.Id}", l);
        });
        leads.MapPatch("/{id:guid}", async (Guid id, HttpContext http, [FromBody] JsonObject patch, UpdateLead update, CancellationToken ct) =>
        {
            var l = await update.HandleAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, l.Version);
            return TypedResults.Ok(l);
        });
        leads.MapDelete("/{id:guid}", async (Guid id, DeleteLead delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(id, ct);
            return TypedResults.NoContent();
        });
        leads.MapGet("/{id:guid}/score", async (Guid id, ExplainLeadScore explain, CancellationToken ct) => TypedResults.Ok(await explain.HandleAsync(id, ct)));
        leads.MapGet("/{id:guid}/timeline", async (Guid id, int? limit, GetLeadTimeline timeline, CancellationToken ct) =>
            TypedResults.Ok(new { items = await timeline.HandleAsync(id, Paging.ClampLimit(limit), ct), nextCursor = (string?)null }));
        leads.MapPost("/{id:guid}/events", async (Guid id, [FromBody] RecordLeadEvent.Request? body, RecordLeadEvent record, CancellationToken ct) =>
        {
            var ev = await record.HandleAsync(id, body, ct);
            return TypedResults.Created($"/api/v1/leads/{id}/timeline", ev);
        });
        leads.MapPost("/{id:guid}/assign", async (Guid id, AssignLeads assign, CancellationToken ct) => TypedResults.Ok(await assign.HandleAsync(id, ct)));
        leads.MapPost("/assign", async ([FromBody] AssignLeads.BulkRequest? body, AssignLeads assign, CancellationToken ct) =>
            TypedResults.Ok(new { items = await assign.HandleAsync(body, ct) }));
        leads.MapPost("/{id:guid}/convert", async (Guid id, [FromBody] ConvertLead.Request body, ConvertLead convert, CancellationToken ct) =>
        {
            var r = await convert.HandleAsync(id, body, ct);
            return TypedResults.Ok(new { contactId = r.ContactId, accountId = r.AccountId, dealId = r.DealId, r.ContactExisted, r.AccountExisted });
        });

        var forms = api.MapGroup("/forms").WithTags("Web forms");
        forms.MapGet("", async ([AsParameters] Api.ListQuery q, ManageForms m, CancellationToken ct) => TypedResults.Ok(await m.ListAsync(q.Limit, q.Cursor, ct)));
        forms.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageForms m, CancellationToken ct) =>
        {
            var f = await m.GetAsync(id, ct);
            ETags.Set(http, f.Version);
            return TypedResults.Ok(f);
        });
        forms.MapPost("", async ([FromBody] JsonObject body, ManageForms m, CancellationToken ct) =>
        {
            var f = await m.CreateAsync(body, ct);
            return TypedResults.Created($"/api/v1/forms/{f.Id}", f);
        });
        forms.MapPatch("/{id:guid}", async (Guid id, HttpContext http, [FromBody] JsonObject patch, ManageForms m, CancellationToken ct) =>
        {
            var f = await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, f.Version);
            return TypedResults.Ok(f);
        });
        forms.MapDelete("/{id:guid}", async (Guid id, ManageForms m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        forms.MapGet("/{id:guid}/submissions", async (Guid id, [AsParameters] Api.ListQuery q, ManageForms m, CancellationToken ct) =>
            TypedResults.Ok(await m.SubmissionsAsync(id, q.Limit, q.Cursor, ct)));

        var scoring = api.MapGroup("/scoring-rules").WithTags("Lead scoring");
        scoring.MapGet("", async (ManageScoringRules m, CancellationToken ct) => TypedResults.Ok(new { items = await m.ListAsync(ct), nextCursor = (string?)null }));
        scoring.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageScoringRules m, CancellationToken ct) =>
        {
            var r = await m.GetAsync(id, ct);
            ETags.Set(http, r.Version);
            return TypedResults.Ok(r);
        });
        scoring.MapPost("", async ([FromBody] JsonObject body, ManageScoringRules m, CancellationToken ct) =>
        {
            var r = await m.CreateAsync(body, ct);
            return TypedResults.Created($"/api/v1/scoring-rules/{r.Id}", r);
        });
        scoring.MapPatch("/{id:guid}", async (Guid id, HttpContext http, [FromBody] JsonObject patch, ManageScoringRules m, CancellationToken ct) =>
        {
            var r = await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, r.Version);
            return TypedResults.Ok(r);
        });
        scoring.MapDelete("/{id:guid}", async (Guid id, ManageScoringRules m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        var settings = api.MapGroup("/lead-settings").WithTags("Lead scoring");
        settings.MapGet("", async (HttpContext http, ManageScoringRules m, CancellationToken ct) =>
        {
            var s = await m.GetSettingsAsync(ct);
            ETags.Set(http, s.Version);
            return TypedResults.Ok(s);
        });
        settings.MapPatch("", async (HttpContext http, [FromBody] JsonObject patch, ManageScoringRules m, CancellationToken ct) =>
        {
            var s = await m.UpdateSettingsAsync(patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, s.Version);
            return TypedResults.Ok(s);
        });

        var assignment = api.MapGroup("/assignment-rules").WithTags("Lead assignment");
        assignment.MapGet("", async (ManageAssignmentRules m, CancellationToken ct) => TypedResults.Ok(new { items = await m.ListAsync(ct), nextCursor = (string?)null }));
        assignment.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageAssignmentRules m, CancellationToken ct) =>
        {
            var r = await m.GetAsync(id, ct);
            ETags.Set(http, r.Version);
            return TypedResults.Ok(r);
        });
        assignment.MapPost("", async ([FromBody] JsonObject body, ManageAssignmentRules m, CancellationToken ct) =>
        {
            var r = await m.CreateAsync(body, ct);
            return TypedResults.Created($"/api/v1/assignment-rules/{r.Id}", r);
        });
        assignment.MapPatch("/{id:guid}", async (Guid id, HttpContext http, [FromBody] JsonObject patch, ManageAssignmentRules m, CancellationToken ct) =>
        {
            var r = await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, r.Version);
            return TypedResults.Ok(r);
        });
        assignment.MapDelete("/{id:guid}", async (Guid id, ManageAssignmentRules m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }

    private static readonly HashSet<string> PagingKeys = ["limit", "cursor", "sort"];

    public static ListLeads.Query ListQueryOf(HttpRequest req)
    {
        int? limit = null;
        if (req.Query.TryGetValue("limit", out var l) && l.Count > 0)
            limit = int.TryParse(l[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ValidationFailedException("limit", "Must be a whole number from 1 to 200.");
        var filters = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in req.Query)
            if (!PagingKeys.Contains(key))
                foreach (var v in values) filters.Add(new(key, v ?? ""));
        return new ListLeads.Query(limit, req.Query["cursor"].FirstOrDefault(), req.Query["sort"].FirstOrDefault(), filters);
    }
}
