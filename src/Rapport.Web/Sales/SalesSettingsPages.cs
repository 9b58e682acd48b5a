using Rapport.Web.Http;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Rapport.Common;
using Rapport.Sales.Features;
using Rapport.Web.Platform;
using Rapport.Web.Sales.Pages;
using Rapport.Web.Shared;

namespace Rapport.Web.Sales;

/// <summary>Settings → Products: a page of products, the search, a result shown once, and the add form's errors and values when it was refused.</summary>
public sealed record ProductsSettingsModel(Page<ProductDto> Page, string? Done = null, string? Q = null, IDictionary<string, string[]>? Errors = null,
    ProductsSettingsPage.FormValues? Form = null);

/// <summary>Settings → Sales (pipelines and stages, follow-up rules, lost reasons, exchange rates) and Settings → Products.</summary>
public static class SalesSettingsPages
{
    public static void Map(RouteGroupBuilder ui)
    {
        var settings = ui.MapSettings();

        settings.MapGet("/sales", async (string? done, SalesSettingsModel model, CancellationToken ct) =>
            PageResults.Render<SalesSettingsPage, SalesSettingsModel.Model>(await model.LoadAsync(ct) with { Done = done }));

        settings.MapPost("/sales/pipelines", async ([FromForm] string? name, ManagePipelines pipelines, SalesSettingsModel model, CancellationToken ct) =>
        {
            try
            {
                await pipelines.CreateAsync(ManagePipelines.Standard(name?.Trim() ?? ""), ct);
                return Results.Redirect($"/settings/sales?done={Uri.EscapeDataString("Pipeline added with the standard stages: rename and reorder them below.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<SalesSettingsPage, SalesSettingsModel.Model>(await model.LoadAsync(ct) with { Errors = e.Errors, ErrorsFor = "new-pipeline" }, PageResults.FormErrors);
            }
        });

        settings.MapPost("/sales/pipelines/standard", async (ManagePipelines pipelines, CancellationToken ct) =>
        {
            await pipelines.CreateAsync(ManagePipelines.Standard(), ct);
            return Results.Redirect($"/deals/board?done={Uri.EscapeDataString("Pipeline “New business” created.")}");
        });

        // The stage editor: the rows in their (possibly dragged) order; a row without an id is a new stage.
        settings.MapPost("/sales/pipelines/{id:guid}", async (Guid id, IFormCollection form, ManagePipelines pipelines, SalesSettingsModel model, CancellationToken ct) =>
        {
            var ids = form["stageId"];
            var names = form["stageName"];
            var probabilities = form["probability"];
            var types = form["type"];
            var rotting = form["rottingDays"];
            var stages = new List<ManagePipelines.StageInput>();
            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < names.Count; i++)
            {
                var stageId = i < ids.Count && Guid.TryParse(ids[i], out var g) ? g : (Guid?)null;
                if (stageId is null && string.IsNullOrWhiteSpace(names[i])) continue; // the empty "add a stage" row
                int? Int(Microsoft.Extensions.Primitives.StringValues v, string field)
                {
                    var text = i < v.Count ? v[i] : null;
                    if (string.IsNullOrWhiteSpace(text)) return null;
                    if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
                    errors[$"stages[{stages.Count}].{field}"] = ["Must be a whole number."];
                    return null;
                }
                stages.Add(new ManagePipelines.StageInput(stageId, names[i], Int(probabilities, "probability"), i < types.Count ? types[i] : null, Int(rotting, "rottingDays")));
            }
            try
            {
                if (errors.Count > 0) throw new ValidationFailedException(errors);
                long? version = long.TryParse(form["version"], out var v) ? v : null;
                await pipelines.UpdateAsync(id, new ManagePipelines.Request(form["name"], stages), version, ct);
                return Results.Redirect($"/settings/sales?done={Uri.EscapeDataString("Pipeline saved.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<SalesSettingsPage, SalesSettingsModel.Model>(await model.LoadAsync(ct) with { Errors = e.Errors, ErrorsFor = id.ToString() }, PageResults.FormErrors);
            }
            catch (PreconditionFailedException)
            {
                return PageResults.Render<SalesSettingsPage, SalesSettingsModel.Model>(await model.LoadAsync(ct) with { Errors = new Dictionary<string, string[]> { ["name"] = ["Someone else changed this pipeline meanwhile: here it is as it is now."] }, ErrorsFor = id.ToString() }, 409);
            }
        });

        settings.MapPost("/sales/pipelines/{id:guid}/delete-stage", async (Guid id, [FromForm] string? stageId, [FromForm] string? moveDealsTo,
            ManagePipelines pipelines, SalesSettingsModel model, CancellationToken ct) =>
        {
            try
            {
                if (!Guid.TryParse(stageId, out var stage)) throw new ValidationFailedException("stageId", "Choose the stage to delete.");
                // "(it has no deals)" posts an empty value.
                await pipelines.DeleteStageAsync(id, stage, Guid.TryParse(moveDealsTo, out var target) ? target : null, ct);
                return Results.Redirect($"/settings/sales?done={Uri.EscapeDataString("Stage deleted (it is in the trash).")}");
            }
            catch (Exception e) when (e is ValidationFailedException or ConflictException)
            {
                var errors = e is ValidationFailedException v ? v.Errors : new Dictionary<string, string[]> { ["moveDealsTo"] = [e.Message] };
                return PageResults.Render<SalesSettingsPage, SalesSettingsModel.Model>(await model.LoadAsync(ct) with { Errors = errors, ErrorsFor = $"delete-{id}" }, PageResults.FormErrors);
            }
        });

        settings.MapPost("/sales/rules", async ([FromForm] Guid? stageId, [FromForm] string? taskTitle, [FromForm] string? dueInDays,
            ManageSalesSettings s, SalesSettingsModel model, CancellationToken ct) =>
        {
            try
            {
                int? days = string.IsNullOrWhiteSpace(dueInDays) ? null : int.TryParse(dueInDays, out var n) ? n : throw new ValidationFailedException("dueInDays", "Must be a whole number.");
                await s.AddStageRuleAsync(new ManageSalesSettings.StageRuleRequest(stageId, taskTitle, days), ct);
                return Results.Redirect($"/settings/sales?done={Uri.EscapeDataString("Follow-up rule added.")}#rules");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<SalesSettingsPage, SalesSettingsModel.Model>(await model.LoadAsync(ct) with { Errors = e.Errors, ErrorsFor = "rules" }, PageResults.FormErrors);
            }
        });
        settings.MapPost("/sales/rules/{id:guid}/delete", async (Guid id, ManageSalesSettings s, CancellationToken ct) =>
        {
            await s.DeleteStageRuleAsync(id, ct);
            return Results.Redirect($"/settings/sales?done={Uri.EscapeDataString("Rule deleted.")}#rules");
        });

        settings.MapPost("/sales/lost-reasons", async ([FromForm] string? name, ManageSalesSettings s, SalesSettingsModel model, CancellationToken ct) =>
        {
            try
            {
                await s.AddLostReasonAsync(new ManageSalesSettings.LostReasonRequest(name), ct);
                return Results.Redirect($"/settings/sales?done={Uri.EscapeDataString("Lost reason added.")}#lost-reasons");
            }
            catch (Exception e) when (e is ValidationFailedException or ConflictException)
            {
                var errors = e is ValidationFailedException v ? v.Errors : new Dictionary<string, string[]> { ["name"] = [e.Message] };
                return PageResults.Render<SalesSettingsPage, SalesSettingsModel.Model>(await model.LoadAsync(ct) with { Errors = errors, ErrorsFor = "lost-reasons" }, PageResults.FormErrors);
            }
        });
        settings.MapPost("/sales/lost-reasons/{id:guid}/delete", async (Guid id, ManageSalesSettings s, CancellationToken ct) =>
        {
            await s.DeleteLostReasonAsync(id, ct);
            return Results.Redirect($"/settings/sales?done={Uri.EscapeDataString("Lost reason removed.")}#lost-reasons");
        });

        // Exchange rates as lines "EUR 1.10".
        settings.MapPost("/sales/rates", async ([FromForm] string? rates, ManageSalesSettings s, SalesSettingsModel model, CancellationToken ct) =>
        {
            var map = new Dictionary<string, decimal>();
            var errors = new Dictionary<string, string[]>();
            foreach (var line in (rates ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split([' ', '\t', '=', ':'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var r)) map[parts[0]] = r;
                else errors["rates"] = [$"“{line}” is not “CODE rate”, e.g. “EUR 1.10”."];
            }
            try
            {
                if (errors.Count > 0) throw new ValidationFailedException(errors);
                await s.SetExchangeRatesAsync(new ManageSalesSettings.ExchangeRatesRequest(map), ct);
                return Results.Redirect($"/settings/sales?done={Uri.EscapeDataString("Exchange rates saved.")}#rates");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<SalesSettingsPage, SalesSettingsModel.Model>(await model.LoadAsync(ct) with { Errors = new Dictionary<string, string[]> { ["rates"] = e.Errors.SelectMany(x => x.Value).ToArray() }, ErrorsFor = "rates", RatesText = rates }, PageResults.FormErrors);
            }
        });

        settings.MapGet("/products", async (string? done, string? q, string? cursor, ManageProducts products, CancellationToken ct) =>
            PageResults.Render<ProductsSettingsPage, ProductsSettingsModel>(new(await products.ListAsync(null, q, 100, cursor, ct), Done: done, Q: q)));

        settings.MapPost("/products", async ([FromForm] string? sku, [FromForm] string? name, [FromForm] string? price, [FromForm] string? currency,
            ManageProducts products, CancellationToken ct) =>
        {
            try
            {
                decimal? value = string.IsNullOrWhiteSpace(price) ? null
                    : decimal.TryParse(price, NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : throw new ValidationFailedException("price", "Must be a number.");
                var created = await products.CreateAsync(new ManageProducts.Request(sku, name, value, string.IsNullOrWhiteSpace(currency) ? null : currency), ct);
                return Results.Redirect($"/settings/products?done={Uri.EscapeDataString($"Product “{created.Name}” added.")}");
            }
            catch (Exception e) when (e is ValidationFailedException or ConflictException)
            {
                var errors = e is ValidationFailedException v ? v.Errors : new Dictionary<string, string[]> { ["sku"] = [e.Message] };
                return PageResults.Render<ProductsSettingsPage, ProductsSettingsModel>(new(await products.ListAsync(null, null, 100, null, ct), Errors: errors,
                    Form: new ProductsSettingsPage.FormValues(sku, name, price, currency)), PageResults.FormErrors);
            }
        });

        settings.MapPost("/products/{id:guid}/active", async (Guid id, [FromForm] string? active, ManageProducts products, CancellationToken ct) =>
        {
            await products.UpdateAsync(id, new JsonObject { ["active"] = active == "true" }, null, ct);
            return Results.Redirect($"/settings/products?done={Uri.EscapeDataString(active == "true" ? "Product activated." : "Product deactivated.")}");
        });

        settings.MapPost("/products/{id:guid}/delete", async (Guid id, ManageProducts products, CancellationToken ct) =>
        {
            await products.DeleteAsync(id, ct);
            return Results.Redirect($"/settings/products?done={Uri.EscapeDataString("Product moved to the trash.")}");
        });
    }
}

/// <summary>Everything Settings → Sales shows.</summary>
public sealed class SalesSettingsModel(ManagePipelines pipelines, ManageSalesSettings settings)
{
    public sealed record Model(IReadOnlyList<PipelineDto> Pipelines, IReadOnlyList<StageRuleDto> Rules, IReadOnlyList<LostReasonDto> LostReasons, ExchangeRatesDto Rates)
    {
        /// <summary>A result shown once (?done=…).</summary>
        public string? Done { get; init; }
        public IDictionary<string, string[]>? Errors { get; init; }
        /// <summary>Which form the errors belong to (a pipeline's id, "rules", "lost-reasons", "rates", "new-pipeline", "delete-{id}").</summary>
        public string? ErrorsFor { get; init; }
        /// <summary>The exchange rates as typed, when they come back with errors.</summary>
        public string? RatesText { get; init; }
    }

    public async Task<Model> LoadAsync(CancellationToken ct) =>
        new(await pipelines.ListAsync(ct), await settings.StageRulesAsync(null, ct), await settings.LostReasonsAsync(ct), await settings.ExchangeRatesAsync(ct));
}
