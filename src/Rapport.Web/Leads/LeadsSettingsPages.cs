using Rapport.Web.Http;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Leads;
using Rapport.Leads.Features;
using Rapport.Platform.Features;
using Rapport.Web.Leads.Pages;
using Rapport.Web.Platform;
using Rapport.Web.Shared;

namespace Rapport.Web.Leads;

/// <summary>Settings → Web forms (builder + embed snippet), Lead scoring (rules, half-life), Lead assignment (rules).</summary>
public static class LeadsSettingsPages
{
    public static void MapLeadsSettingsPages(this RouteGroupBuilder ui)
    {
        var settings = ui.MapSettings();

        // Web forms.
        settings.MapGet("/lead-forms", async (string? done, ManageForms forms, CancellationToken ct) =>
            PageResults.Render<LeadFormsSettingsPage, LeadFormsSettingsPage.Model>(new LeadFormsSettingsPage.Model { Forms = (await forms.ListAsync(Paging.MaxLimit, null, ct)).Items, Done = done, Offered = await forms.OfferedAsync(ct) }));
        settings.MapPost("/lead-forms", async (HttpContext http, IFormCollection form, ManageForms forms, CancellationToken ct) =>
        {
            var values = LeadsPages.Values(form);
            var offered = await forms.OfferedAsync(ct);
            try
            {
                var created = await forms.CreateAsync(FormBody(values, offered), ct);
                return PageResults.NavigateTo(http, $"/settings/lead-forms/{created.Id}?done={Uri.EscapeDataString("Form created: embed it or share its link.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<LeadFormsSettingsPage, LeadFormsSettingsPage.Model>(http, "/settings/lead-forms",
                    new LeadFormsSettingsPage.Model { Forms = (await forms.ListAsync(Paging.MaxLimit, null, ct)).Items, Values = values, Errors = e.Errors, Offered = offered }, PageResults.FormErrors);
            }
        });
        settings.MapGet("/lead-forms/{id:guid}", async (HttpContext http, Guid id, string? done, ManageForms forms, CancellationToken ct) =>
            PageResults.Render<LeadFormEditPage, LeadFormEditPage.Model>(new LeadFormEditPage.Model { Form = await forms.GetAsync(id, ct), BaseUrl = BaseUrl(http), Done = done,
                Submissions = (await forms.SubmissionsAsync(id, 10, null, ct)).Items, Offered = await forms.OfferedAsync(ct) }));
        settings.MapPost("/lead-forms/{id:guid}", async (HttpContext http, Guid id, IFormCollection form, ManageForms forms, CancellationToken ct) =>
        {
            var values = LeadsPages.Values(form);
            long? version = long.TryParse(values.GetValueOrDefault("version"), out var v) ? v : null;
            var offered = await forms.OfferedAsync(ct);
            try
            {
                await forms.UpdateAsync(id, FormBody(values, offered), version, ct);
                return PageResults.NavigateTo(http, $"/settings/lead-forms/{id}?done={Uri.EscapeDataString("Form saved.")}");
            }
            catch (Exception e) when (e is ValidationFailedException or PreconditionFailedException)
            {
                var errors = e is ValidationFailedException ve ? ve.Errors : new Dictionary<string, string[]> { ["name"] = [e.Message] };
                return PageResults.RenderAt<LeadFormEditPage, LeadFormEditPage.Model>(http, $"/settings/lead-forms/{id}", new LeadFormEditPage.Model { Form = await forms.GetAsync(id, ct), BaseUrl = BaseUrl(http),
                    Values = values, Errors = errors, Submissions = (await forms.SubmissionsAsync(id, 10, null, ct)).Items, Offered = offered }, PageResults.FormErrors);
            }
        });
        settings.MapPost("/lead-forms/{id:guid}/delete", async (HttpContext http, Guid id, ManageForms forms, CancellationToken ct) =>
        {
            await forms.DeleteAsync(id, ct);
            return PageResults.NavigateTo(http, $"/settings/lead-forms?done={Uri.EscapeDataString("Form moved to the trash.")}");
        });

        // Scoring.
        settings.MapGet("/lead-scoring", async (string? done, ManageScoringRules rules, CancellationToken ct) => PageResults.Render<LeadScoringSettingsPage, LeadScoringSettingsPage.Model>(new LeadScoringSettingsPage.Model {
            Rules = await rules.ListAsync(ct), Settings = await rules.GetSettingsAsync(ct), Done = done,
        }));
        settings.MapPost("/lead-scoring/rules", async (HttpContext http, IFormCollection form, ManageScoringRules rules, CancellationToken ct) =>
        {
            var values = LeadsPages.Values(form);
            var kind = values.GetValueOrDefault("kind");
            var body = new JsonObject { ["kind"] = kind, ["label"] = Blank(values.GetValueOrDefault("label")) };
            // Decimals: JsonInput.Number reads a decimal, and a JsonValue made from an int will not give one.
            body["points"] = decimal.TryParse(values.GetValueOrDefault("points"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var pts) ? JsonValue.Create(pts) : JsonValue.Create(values.GetValueOrDefault("points") ?? "");
            if (kind == ScoringKinds.Engagement) body["eventType"] = Blank(values.GetValueOrDefault("eventType"));
            else
            {
                body["field"] = Blank(values.GetValueOrDefault("field"));
                body["operator"] = Blank(values.GetValueOrDefault("operator"));
                body["value"] = Blank(values.GetValueOrDefault("value"));
            }
            try
            {
                await rules.CreateAsync(body, ct);
                return PageResults.NavigateTo(http, $"/settings/lead-scoring?done={Uri.EscapeDataString("Rule added; open leads were rescored.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<LeadScoringSettingsPage, LeadScoringSettingsPage.Model>(http, "/settings/lead-scoring",
                    new LeadScoringSettingsPage.Model { Rules = await rules.ListAsync(ct), Settings = await rules.GetSettingsAsync(ct), Values = values, Errors = e.Errors }, PageResults.FormErrors);
            }
        });
        settings.MapPost("/lead-scoring/rules/{id:guid}/delete", async (HttpContext http, Guid id, ManageScoringRules rules, CancellationToken ct) =>
        {
            await rules.DeleteAsync(id, ct);
            return PageResults.NavigateTo(http, $"/settings/lead-scoring?done={Uri.EscapeDataString("Rule deleted; open leads were rescored.")}");
        });
        settings.MapPost("/lead-scoring/settings", async (HttpContext http, IFormCollection form, ManageScoringRules rules, CancellationToken ct) =>
        {
            var raw = form["halfLifeDays"].ToString();
            try
            {
                var body = new JsonObject { ["halfLifeDays"] = decimal.TryParse(raw, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(raw) };
                await rules.UpdateSettingsAsync(body, null, ct);
                return PageResults.NavigateTo(http, $"/settings/lead-scoring?done={Uri.EscapeDataString("Half-life saved; open leads were rescored.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<LeadScoringSettingsPage, LeadScoringSettingsPage.Model>(http, "/settings/lead-scoring",
                    new LeadScoringSettingsPage.Model { Rules = await rules.ListAsync(ct), Settings = await rules.GetSettingsAsync(ct), SettingsErrors = e.Errors, HalfLifeValue = raw }, PageResults.FormErrors);
            }
        });

        // Assignment.
        settings.MapGet("/lead-assignment", async (string? done, ManageAssignmentRules rules, ListMembers members, ManageTeams teams, CancellationToken ct) =>
            PageResults.Render<LeadAssignmentSettingsPage, LeadAssignmentSettingsPage.Model>(new LeadAssignmentSettingsPage.Model {
                Rules = await rules.ListAsync(ct), Members = await LeadsPages.ActiveMembersAsync(members, ct), Names = await LeadsPages.MemberNamesAsync(members, ct),
                Teams = (await teams.ListAsync(Paging.MaxLimit, null, ct)).Items, Done = done,
            }));
        settings.MapPost("/lead-assignment/rules", async (HttpContext http, IFormCollection form, ManageAssignmentRules rules, ListMembers members, ManageTeams teams, CancellationToken ct) =>
        {
            var values = LeadsPages.Values(form);
            var active = await LeadsPages.ActiveMembersAsync(members, ct);
            var errors = new FieldErrors();
            var body = new JsonObject { ["name"] = Blank(values.GetValueOrDefault("name")), ["method"] = Blank(values.GetValueOrDefault("method")) };
            var criteria = new JsonArray();
            for (var i = 0; i < 2; i++)
                if (Blank(values.GetValueOrDefault($"field{i}")) is { } field)
                    criteria.Add(new JsonObject { ["field"] = field, ["operator"] = Blank(values.GetValueOrDefault($"operator{i}")), ["value"] = Blank(values.GetValueOrDefault($"value{i}")) });
            body["criteria"] = criteria;
            var users = new JsonArray();
            foreach (var u in form["userIds"]) if (!string.IsNullOrEmpty(u)) users.Add(u);
            body["userIds"] = users;
            if (Blank(values.GetValueOrDefault("teamId")) is { } team) body["teamId"] = team;
            var territories = new JsonArray();
            var lines = (values.GetValueOrDefault("territories") ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < lines.Length; i++)
            {
                // "FR = ana@example.com" or "US/CA = Ben Brown": a country (optionally /region), then a member's e-mail or name.
                var parts = lines[i].Split('=', 2, StringSplitOptions.TrimEntries);
                var who = parts.Length == 2 ? active.FirstOrDefault(m => string.Equals(m.Email, parts[1], StringComparison.OrdinalIgnoreCase) || string.Equals(m.Name, parts[1], StringComparison.OrdinalIgnoreCase)) : null;
                if (who is null) { errors.Add("territories", $"Line {i + 1}: write \"FR = ana@example.com\" (a country code, optionally /region, then a member's e-mail or name)."); continue; }
                var place = parts[0].Split('/', 2, StringSplitOptions.TrimEntries);
                territories.Add(new JsonObject { ["country"] = place[0], ["region"] = place.Length == 2 ? place[1] : null, ["userId"] = who.Id.ToString() });
            }
            body["territories"] = territories;
            try
            {
                errors.ThrowIfAny();
                await rules.CreateAsync(body, ct);
                return PageResults.NavigateTo(http, $"/settings/lead-assignment?done={Uri.EscapeDataString("Rule added.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<LeadAssignmentSettingsPage, LeadAssignmentSettingsPage.Model>(http, "/settings/lead-assignment", new LeadAssignmentSettingsPage.Model {
                    Rules = await rules.ListAsync(ct), Members = active, Names = await LeadsPages.MemberNamesAsync(members, ct),
                    Teams = (await teams.ListAsync(Paging.MaxLimit, null, ct)).Items, Values = values, Errors = e.Errors,
                }, PageResults.FormErrors);
            }
        });
        settings.MapPost("/lead-assignment/rules/{id:guid}/delete", async (HttpContext http, Guid id, ManageAssignmentRules rules, CancellationToken ct) =>
        {
            await rules.DeleteAsync(id, ct);
            return PageResults.NavigateTo(http, $"/settings/lead-assignment?done={Uri.EscapeDataString("Rule deleted.")}");
        });
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>The builder's form → the API's form JSON: each offered field is included when ticked.</summary>
    private static JsonObject FormBody(IReadOnlyDictionary<string, string?> v, IReadOnlyList<FormFieldOffer> offered)
    {
        var fields = new JsonArray();
        foreach (var (key, label, type, _) in offered)
            if (v.GetValueOrDefault($"include.{key}") is "true" or "on")
                fields.Add(new JsonObject
                {
                    ["key"] = key, ["label"] = Blank(v.GetValueOrDefault($"label.{key}")) ?? label, ["type"] = type,
                    ["required"] = v.GetValueOrDefault($"required.{key}") is "true" or "on",
                });
        var origins = new JsonArray();
        foreach (var o in (v.GetValueOrDefault("allowedOrigins") ?? "").Split(['\n', ',', ' '], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) origins.Add(o);
        return new JsonObject
        {
            ["name"] = Blank(v.GetValueOrDefault("name")), ["fields"] = fields,
            ["consentText"] = v.GetValueOrDefault("withConsent") is "true" or "on" ? Blank(v.GetValueOrDefault("consentText")) ?? "I agree to receive e-mails." : null,
            ["thankYouMessage"] = Blank(v.GetValueOrDefault("thankYouMessage")), ["redirectUrl"] = Blank(v.GetValueOrDefault("redirectUrl")),
            ["allowedOrigins"] = origins, ["source"] = Blank(v.GetValueOrDefault("source")), ["campaign"] = Blank(v.GetValueOrDefault("campaign")),
        };
    }
}
