using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Rapport.Common;
using Rapport.Sales.Features;
using Rapport.Web.Http;

namespace Rapport.Web.Sales;

/// <summary>/api/v1: pipelines, products, deals, sales settings (lost reasons, stage rules, exchange rates), forecast, metrics.</summary>
public static class SalesApi
{
    public static RouteGroupBuilder MapSalesApi(this RouteGroupBuilder api)
    {
        var pipelines = api.MapGroup("/pipelines").WithTags("Pipelines");
        pipelines.MapGet("", async (ManagePipelines m, CancellationToken ct) => TypedResults.Ok(new Page<PipelineDto>(await m.ListAsync(ct), null)));
        pipelines.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManagePipelines m, CancellationToken ct) =>
        {
            var p = await m.GetAsync(id, ct);
            ETags.Set(http, p.Version);
            return TypedResults.Ok(p);
        });
        pipelines.MapPost("", async (ManagePipelines.Request body, HttpContext http, ManagePipelines m, CancellationToken ct) =>
        {
            var p = await m.CreateAsync(body, ct);
            ETags.Set(http, p.Version);
            return TypedResults.Created($"/api/v1/pipelines/{p.Id}", p);
        });
        pipelines.MapPatch("/{id:guid}", async (Guid id, ManagePipelines.Request body, HttpContext http, ManagePipelines m, CancellationToken ct) =>
        {
            var p = await m.UpdateAsync(id, body, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, p.Version);
            return TypedResults.Ok(p);
        });
        pipelines.MapDelete("/{id:guid}", async (Guid id, ManagePipelines m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        pipelines.MapDelete("/{id:guid}/stages/{stageId:guid}", async (Guid id, Guid stageId, Guid? moveDealsTo, HttpContext http, ManagePipelines m, CancellationToken ct) =>
        {
            var p = await m.DeleteStageAsync(id, stageId, moveDealsTo, ct);
            ETags.Set(http, p.Version);
            return TypedResults.Ok(p);
        });

        var products = api.MapGroup("/products").WithTags("Products");
        products.MapGet("", async (bool? active, string? q, [AsParameters] Api.ListQuery page, ManageProducts m, CancellationToken ct) =>
            TypedResults.Ok(await m.ListAsync(active, q, page.Limit, page.Cursor, ct)));
        products.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageProducts m, CancellationToken ct) =>
        {
            var p = await m.GetAsync(id, ct);
            ETags.Set(http, p.Version);
            return TypedResults.Ok(p);
        });
        products.MapPost("", async (ManageProducts.Request body, HttpContext http, ManageProducts m, CancellationToken ct) =>
        {
            var p = await m.CreateAsync(body, ct);
            ETags.Set(http, p.Version);
            return TypedResults.Created($"/api/v1/products/{p.Id}", p);
        });
        products.MapPatch("/{id:guid}", async (Guid id, [FromBody] JsonObject patch, HttpContext http, ManageProducts m, CancellationToken ct) =>
        {
            var p = await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, p.Version);
            return TypedResults.Ok(p);
        });
        products.MapDelete("/{id:guid}", async (Guid id, ManageProducts m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

        var deals = api.MapGroup("/deals").WithTags("Deals");
        deals.MapGet("", async ([AsParameters] DealQuery f, [AsParameters] Api.ListQuery q, ManageDeals m, CancellationToken ct) =>
            TypedResults.Ok(await m.ListAsync(f.ToFilter(), f.Sort, q.Limit, q.Cursor, ct)));
        deals.MapGet("/needs-attention", async (int? idleDays, Guid? pipelineId, Guid? ownerId, int? limit, DealBoard board, CancellationToken ct) =>
            TypedResults.Ok(new Page<DealBoard.AttentionItem>(await board.NeedsAttentionAsync(idleDays, pipelineId, ownerId, limit, ct), null)));
        deals.MapGet("/{id:guid}/timeline", async (Guid id, [AsParameters] Api.ListQuery q, GetDealTimeline timeline, CancellationToken ct) =>
            TypedResults.Ok(await timeline.HandleAsync(id, q.Limit, q.Cursor, ct)));
        deals.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageDeals m, CancellationToken ct) =>
        {
            var d = await m.GetAsync(id, ct);
            ETags.Set(http, d.Version);
            return TypedResults.Ok(d);
        });
        deals.MapPost("", async (CreateDeal.Request body, HttpContext http, CreateDeal create, ManageDeals m, CancellationToken ct) =>
        {
            var id = await create.HandleAsync(body, ct);
            var d = await m.GetAsync(id, ct);
            ETags.Set(http, d.Version);
            return TypedResults.Created($"/api/v1/deals/{d.Id}", d);
        });
        deals.MapPatch("/{id:guid}", async (Guid id, [FromBody] JsonObject patch, HttpContext http, UpdateDeal update, ManageDeals m, CancellationToken ct) =>
        {
            var deal = await update.HandleAsync(id, patch, ETags.IfMatch(http.Request), ct);
            var d = await m.ToDtoAsync(deal, withHistory: true, ct);
            ETags.Set(http, d.Version);
            return TypedResults.Ok(d);
        });
        // Moving a deal (the board's drop): {stageId, lostReason?, lostNote?}; If-Match → 412 when stale.
        deals.MapPost("/{id:guid}/move", async (Guid id, MoveDeal.Request body, HttpContext http, MoveDeal move, ManageDeals m, CancellationToken ct) =>
        {
            var deal = await move.HandleAsync(id, body, ETags.IfMatch(http.Request), ct);
            var d = await m.ToDtoAsync(deal, withHistory: true, ct);
            ETags.Set(http, d.Version);
            return TypedResults.Ok(d);
        });
        deals.MapDelete("/{id:guid}", async (Guid id, ManageDeals m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        var lostReasons = api.MapGroup("/lost-reasons").WithTags("Sales settings");
        lostReasons.MapGet("", async (ManageSalesSettings m, CancellationToken ct) => TypedResults.Ok(new Page<LostReasonDto>(await m.LostReasonsAsync(ct), null)));
        lostReasons.MapPost("", async (ManageSalesSettings.LostReasonRequest body, ManageSalesSettings m, CancellationToken ct) =>
        {
            var r = await m.AddLostReasonAsync(body, ct);
            return TypedResults.Created($"/api/v1/lost-reasons/{r.Id}", r);
        });
        lostReasons.MapPatch("/{id:guid}", async (Guid id, ManageSalesSettings.LostReasonRequest body, ManageSalesSettings m, CancellationToken ct) =>
            TypedResults.Ok(await m.RenameLostReasonAsync(id, body, ct)));
        lostReasons.MapDelete("/{id:guid}", async (Guid id, ManageSalesSettings m, CancellationToken ct) =>
        {
            await m.DeleteLostReasonAsync(id, ct);
            return TypedResults.NoContent();
        });

        var rules = api.MapGroup("/stage-rules").WithTags("Sales settings");
        rules.MapGet("", async (Guid? stageId, ManageSalesSettings m, CancellationToken ct) => TypedResults.Ok(new Page<StageRuleDto>(await m.StageRulesAsync(stageId, ct), null)));
        rules.MapGet("/{id:guid}", async (Guid id, ManageSalesSettings m, CancellationToken ct) => TypedResults.Ok(await m.GetStageRuleAsync(id, ct)));
        rules.MapPost("", async (ManageSalesSettings.StageRuleRequest body, ManageSalesSettings m, CancellationToken ct) =>
        {
            var r = await m.AddStageRuleAsync(body, ct);
            return TypedResults.Created($"/api/v1/stage-rules/{r.Id}", r);
        });
        rules.MapPatch("/{id:guid}", async (Guid id, ManageSalesSettings.StageRuleRequest body, ManageSalesSettings m, CancellationToken ct) =>
            TypedResults.Ok(await m.UpdateStageRuleAsync(id, body, ct)));
        rules.MapDelete("/{id:guid}", async (Guid id, ManageSalesSettings m, CancellationToken ct) =>
        {
            await m.DeleteStageRuleAsync(id, ct);
            return TypedResults.NoContent();
        });

        var rates = api.MapGroup("/exchange-rates").WithTags("Sales settings");
        rates.MapGet("", async (ManageSalesSettings m, CancellationToken ct) => TypedResults.Ok(await m.ExchangeRatesAsync(ct)));
        rates.MapPut("", async (ManageSalesSettings.ExchangeRatesRequest body, ManageSalesSettings m, CancellationToken ct) =>
            TypedResults.Ok(await m.SetExchangeRatesAsync(body, ct)));

        api.MapGet("/forecast", async (string? period, string? groupBy, DateOnly? from, DateOnly? to, Guid? pipelineId, GetForecast forecast, CancellationToken ct) =>
            TypedResults.Ok(await forecast.HandleAsync(period, groupBy, from, to, pipelineId, ct))).WithTags("Forecast");
        api.MapGet("/sales/metrics", async (DateOnly? from, DateOnly? to, Guid? pipelineId, GetSalesMetrics metrics, CancellationToken ct) =>
            TypedResults.Ok(await metrics.HandleAsync(from, to, pipelineId, ct))).WithTags("Forecast");
        return api;
    }

    /// <summary>The deal list's filters: <c>?pipelineId=&amp;stageId=&amp;ownerId=&amp;status=open|won|lost&amp;accountId=&amp;contactId=&amp;closeFrom=&amp;closeTo=&amp;q=&amp;sort=</c>.</summary>
    public sealed record DealQuery(Guid? PipelineId, Guid? StageId, Guid? OwnerId, string? Status, Guid? AccountId, Guid? ContactId,
        DateOnly? CloseFrom, DateOnly? CloseTo, string? Q, string? Sort)
    {
        public ManageDeals.Filter ToFilter() => new(PipelineId, StageId, OwnerId, Status, AccountId, ContactId, CloseFrom, CloseTo, Q);
    }
}
