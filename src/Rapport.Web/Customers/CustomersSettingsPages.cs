using Rapport.Records;
using Rapport.Web.Http;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Rapport.Common;
using Rapport.Customers.Features;
using Rapport.Platform.Features;
using Rapport.Web.Customers.Pages;
using Rapport.Web.Platform;
using Rapport.Web.Shared;

namespace Rapport.Web.Customers;

/// <summary>Settings → Custom fields and Settings → Visibility (owners and admins).</summary>
public static class CustomersSettingsPages
{
    public static void MapCustomersSettingsPages(this RouteGroupBuilder ui)
    {
        var settings = ui.MapSettings();

        MapVisibility(settings);

        settings.MapGet("/custom-fields", async (string? done, string? trash, ManageCustomFields fields, CancellationToken ct) =>
            PageResults.Render<CustomFieldsSettingsPage, CustomFieldsSettingsPage.Model>(new CustomFieldsSettingsPage.Model { Fields = await fields.ListAsync(null, ct), Done = done, TrashLink = trash == "1" }));

        settings.MapPost("/custom-fields", async (HttpContext http, [FromForm] string? entity, [FromForm] string? key, [FromForm] string? label,
            [FromForm] string? type, [FromForm] string? options, [FromForm] string? currency, [FromForm] string? required, [FromForm] string? unique,
            ManageCustomFields fields, CancellationToken ct) =>
        {
            var form = new CustomFieldsSettingsPage.FormValues(entity, key, label, type, options, currency, required == "true", unique == "true");
            var body = new JsonObject
            {
                ["entity"] = entity, ["key"] = key?.Trim(), ["label"] = label, ["type"] = type,
                ["required"] = form.Required, ["unique"] = form.Unique,
            };
            if (type is "singleSelect" or "multiSelect" || !string.IsNullOrWhiteSpace(options)) body["options"] = OptionsJson(options);
            if (type == "currency" || !string.IsNullOrWhiteSpace(currency)) body["currency"] = string.IsNullOrWhiteSpace(currency) ? null : currency.Trim();
            try
            {
                var f = await fields.CreateAsync(body, ct);
                return Results.Redirect($"/settings/custom-fields?done={Uri.EscapeDataString($"Field “{f.Label}” added to {f.Entity}s")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<CustomFieldsSettingsPage, CustomFieldsSettingsPage.Model>(http, "/settings/custom-fields",
                    new CustomFieldsSettingsPage.Model { Fields = await fields.ListAsync(null, ct), Form = form, Errors = e.Errors }, PageResults.FormErrors);
            }
        });

        settings.MapGet("/custom-fields/{id:guid}", async (Guid id, ManageCustomFields fields, CancellationToken ct) =>
        {
            var f = await fields.GetAsync(id, ct);
            return PageResults.Render<CustomFieldEditPage, CustomFieldEditPage.Model>(new CustomFieldEditPage.Model { Field = f, Form = FormOf(f) });
        });

        settings.MapPost("/custom-fields/{id:guid}", async (HttpContext http, Guid id, [FromForm] string? label, [FromForm] string? options,
            [FromForm] string? currency, [FromForm] string? required, [FromForm] string? unique, ManageCustomFields fields, CancellationToken ct) =>
        {
            var f = await fields.GetAsync(id, ct);
            var patch = new JsonObject { ["label"] = label, ["required"] = required == "true", ["unique"] = unique == "true" };
            if (f.Type is "singleSelect" or "multiSelect") patch["options"] = OptionsJson(options);
            if (f.Type == "currency") patch["currency"] = string.IsNullOrWhiteSpace(currency) ? null : currency.Trim();
            try
            {
                var saved = await fields.UpdateAsync(id, patch, null, ct);
                return Results.Redirect($"/settings/custom-fields?done={Uri.EscapeDataString($"Field “{saved.Label}” saved")}");
            }
            catch (ValidationFailedException e)
            {
                var form = new CustomFieldsSettingsPage.FormValues(f.Entity, f.Key, label, f.Type, options, currency, required == "true", unique == "true");
                return PageResults.RenderAt<CustomFieldEditPage, CustomFieldEditPage.Model>(http, $"/settings/custom-fields/{id}", new CustomFieldEditPage.Model { Field = f, Form = form, Errors = e.Errors }, PageResults.FormErrors);
            }
        });

        settings.MapPost("/custom-fields/{id:guid}/delete", async (Guid id, ManageCustomFields fields, CancellationToken ct) =>
        {
            var f = await fields.GetAsync(id, ct);
            await fields.DeleteAsync(id, ct);
            return Results.Redirect(QueryHelpers.AddQueryString("/settings/custom-fields", new Dictionary<string, string?>
            {
                ["done"] = $"Field “{f.Label}” moved to the trash.", ["trash"] = "1",
            }));
        });
    }

    private static void MapVisibility(RouteGroupBuilder settings)
    {
        settings.MapGet("/visibility", async (string? done, GetWorkspace get, CancellationToken ct) =>
        {
            var w = await get.HandleAsync(ct);
            return PageResults.Render<VisibilitySettingsPage, VisibilitySettingsPage.Model>(new VisibilitySettingsPage.Model { Settings = w.RecordVisibility, Version = w.Version, Done = done });
        });

        settings.MapPost("/visibility", async (HttpContext http, [FromForm] long? version, GetWorkspace get, UpdateWorkspace update, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var scopes = new JsonObject();
            foreach (var role in Roles.All.Where(r => !Roles.IsAdmin(r)))
                if (form.TryGetValue(role, out var scope)) scopes[role] = scope.ToString();
            var typed = Roles.All.ToDictionary(r => r, r => form.TryGetValue(r, out var v) ? v.ToString() : "all");
            try
            {
                await update.HandleAsync(new JsonObject { ["recordVisibility"] = scopes }, version, ct);
                return Results.Redirect("/settings/visibility?done=Visibility+saved");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<VisibilitySettingsPage, VisibilitySettingsPage.Model>(http, "/settings/visibility", new VisibilitySettingsPage.Model { Settings = typed, Version = version ?? 0, Errors = e.Errors }, PageResults.FormErrors);
            }
            catch (PreconditionFailedException)
            {
                var w = await get.HandleAsync(ct);
                return PageResults.RenderAt<VisibilitySettingsPage, VisibilitySettingsPage.Model>(http, "/settings/visibility", new VisibilitySettingsPage.Model {
                    Settings = typed, Version = w.Version,
                    Conflict = "The workspace settings were changed by someone else meanwhile. Your choices are kept below; save again to apply them, or reload.",
                }, 409);
            }
        });
    }

    private static CustomFieldsSettingsPage.FormValues FormOf(ManageCustomFields.Dto f) =>
        new(f.Entity, f.Key, f.Label, f.Type, string.Join("\n", f.Options), f.Currency, f.Required, f.Unique);

    private static JsonArray OptionsJson(string? text) =>
        new((text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => (JsonNode)JsonValue.Create(o)!).ToArray());
}
