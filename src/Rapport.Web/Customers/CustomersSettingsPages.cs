using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Rapport.Common;
using Rapport.Customers.Features;
using Rapport.Web.Customers.Pages;
using Rapport.Web.Platform;
using Rapport.Web.Shared;

namespace Rapport.Web.Customers;

/// <summary>Settings → Custom fields and Settings → Visibility (owners and admins).</summary>
public static class CustomersSettingsPages
{
    public static void MapCustomersSettingsPages(this RouteGroupBuilder ui)
    {
        var settings = ui.MapGroup("/settings").AddEndpointFilter(SettingsPages.AdminOnly);

        settings.MapGet("/custom-fields", async (string? done, string? trash, ManageCustomFields fields, CancellationToken ct) =>
            PageResults.Render<CustomFieldsSettingsPage>(new { Fields = await fields.ListAsync(null, ct), Done = done, TrashLink = trash == "1" }));

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
                return PageResults.RenderAt<CustomFieldsSettingsPage>(http, "/settings/custom-fields",
                    new { Fields = await fields.ListAsync(null, ct), Form = form, e.Errors }, PageResults.FormErrors);
            }
        });

        settings.MapGet("/custom-fields/{id:guid}", async (Guid id, ManageCustomFields fields, CancellationToken ct) =>
        {
            var f = await fields.GetAsync(id, ct);
            return PageResults.Render<CustomFieldEditPage>(new { Field = f, Form = FormOf(f) });
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
                return PageResults.RenderAt<CustomFieldEditPage>(http, $"/settings/custom-fields/{id}", new { Field = f, Form = form, e.Errors }, PageResults.FormErrors);
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

    private static CustomFieldsSettingsPage.FormValues FormOf(ManageCustomFields.Dto f) =>
        new(f.Entity, f.Key, f.Label, f.Type, string.Join("\n", f.Options), f.Currency, f.Required, f.Unique);

    private static JsonArray OptionsJson(string? text) =>
        new((text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => (JsonNode)JsonValue.Create(o)!).ToArray());
}
