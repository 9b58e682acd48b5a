using Rapport.Web.Activities;
using Rapport.Web.Http;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Rapport.Common;
using Rapport.Platform.Features;
using Rapport.Sales;
using Rapport.Sales.Features;
using Rapport.Web.Platform;
using Rapport.Web.Sales.Pages;
using Rapport.Web.Shared;

namespace Rapport.Web.Sales;

/// <summary>The board page and the board fragment (redrawn after a move): the board (null when there is no pipeline), its filters, the members by id, and a result or a refused move.</summary>
public sealed record BoardModel(DealBoard.Board? Board, SalesPages.BoardFilter Filter, IReadOnlyDictionary<Guid, string> Members, string? Done = null, string? Error = null);

/// <summary>A contact's or an account's deals (a fragment of its page), with the link to all of them.</summary>
public sealed record RelatedDealsModel(Page<DealDto> Page, string AllUrl, string Of);

/// <summary>The deals list: the page of deals, its query, the cursor it started at, members and pipelines for the filters, and a refused query's errors.</summary>
public sealed record DealsListModel(Page<DealDto> Page, SalesApi.DealQuery Query, string? Cursor, IReadOnlyDictionary<Guid, string> Members,
    IReadOnlyList<PipelineDto> Pipelines, IDictionary<string, string[]>? Errors = null);

/// <summary>Deals needing attention (idle for <see cref="IdleDays"/> days or more).</summary>
public sealed record AttentionModel(IReadOnlyList<DealBoard.AttentionItem> Items, int IdleDays, IReadOnlyDictionary<Guid, string> Members);

/// <summary>The forecast page: the forecast and the metrics, with the choices they were made with.</summary>
public sealed record ForecastModel(Forecast Forecast, SalesMetrics Metrics, string Period, string? GroupBy, Guid? PipelineId,
    IReadOnlyDictionary<Guid, string> Members, IReadOnlyList<PipelineDto> Pipelines);

/// <summary>The options of a record picker (a fragment), and what it says when none matches.</summary>
public sealed record ChoiceOptionsModel(IReadOnlyList<(Guid Id, string Label)> Choices, string Empty);

/// <summary>
/// Deals (board, list, needs attention, deal page), the forecast page, Settings → Sales and → Products.
/// Thin: form fields → handler requests, handler errors → the page again with messages (422) or a
/// refused move (409) that puts the card back where the server has it.
/// </summary>
public static class SalesPages
{
    public static IServiceCollection AddSalesPages(this IServiceCollection services) => services
        .AddScoped<SalesUi>()
        .AddScoped<SalesSettingsModel>();

    public static void MapSalesPages(this RouteGroupBuilder ui)
    {
        ui.MapRecordActivities("/deals", Rapport.Sales.DealAccess.RecordType);

        ui.MapGet("/deals/board", async (HttpContext http, BoardFilter f, DealBoard board, SalesUi data, CancellationToken ct) =>
            PageResults.Render<BoardPage, BoardModel>(new(await board.HandleAsync(f.PipelineId, f.OwnerId, f.CloseFrom, f.CloseTo, ct), f,
                await data.MembersAsync(ct), Done: http.Request.Query["done"], Error: http.Request.Query["error"])));

        // A card dropped on another column (htmx posts stageId + the version the card was drawn with), or the
        // card's "Move to" form without JavaScript. A stale version is refused: the board comes back as the server has it.
        // A drop on a "lost" column first asks for the lost reason and a note (the board's dialog); they come with the move.
        ui.MapPost("/deals/{id:guid}/move", async (Guid id, HttpContext http, [FromForm] Guid? stageId, [FromForm] long? version, [FromForm] string? returnUrl,
            [FromForm] string? lostReason, [FromForm] string? lostNote,
            BoardFilter f, MoveDeal move, DealBoard board, SalesUi data, CancellationToken ct) =>
        {
            string? error = null;
            string? done = null;
            try
            {
                var deal = await move.HandleAsync(id, new MoveDeal.Request(stageId, lostReason, lostNote), version, ct);
                done = $"“{deal.Name}” moved.";
            }
            catch (PreconditionFailedException) { error = "Someone changed this deal meanwhile: the board shows it as it is now. Try the move again."; }
            catch (ValidationFailedException e) { error = string.Join(" ", e.Errors.SelectMany(x => x.Value)); }
            if (!PageResults.IsFragmentRequest(http))
            {
                var back = PageResults.SafeReturnUrl(returnUrl ?? "/deals/board");
                var sep = back.Contains('?') ? '&' : '?';
                return Results.Redirect(error is null ? $"{back}{sep}done={Uri.EscapeDataString(done!)}" : $"{back}{sep}error={Uri.EscapeDataString(error)}");
            }
            var model = await board.HandleAsync(f.PipelineId, f.OwnerId, f.CloseFrom, f.CloseTo, ct);
            return PageResults.Render<BoardView, BoardModel>(new(model, f, await data.MembersAsync(ct), Done: done, Error: error),
                error is null ? 200 : 409);
        });

        ui.MapPost("/deals/quick-add", async ([FromForm] string? name, [FromForm] string? amount, [FromForm] Guid? stageId, [FromForm] Guid? pipelineId,
            [FromForm] string? expectedCloseDate, CreateDeal create, CancellationToken ct) =>
        {
            var back = $"/deals/board{(pipelineId is { } p ? $"?pipelineId={p}" : "")}";
            var sep = back.Contains('?') ? '&' : '?';
            try
            {
                decimal? value = null;
                if (!string.IsNullOrWhiteSpace(amount))
                    value = decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : throw new ValidationFailedException("amount", "Must be a number.");
                DateOnly? close = null;
                if (!string.IsNullOrWhiteSpace(expectedCloseDate))
                    close = DateOnly.TryParseExact(expectedCloseDate, "yyyy-MM-dd", out var d) ? d : throw new ValidationFailedException("expectedCloseDate", "Must be a date.");
                await create.HandleAsync(new CreateDeal.Request(Name: name, PipelineId: pipelineId, StageId: stageId, Amount: value, ExpectedCloseDate: close), ct);
                return Results.Redirect($"{back}{sep}done={Uri.EscapeDataString($"Deal “{name?.Trim()}” added.")}");
            }
            catch (ValidationFailedException e)
            {
                return Results.Redirect($"{back}{sep}error={Uri.EscapeDataString(string.Join(" ", e.Errors.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}")))}");
            }
        });

        // The "Deals" card of a contact's or an account's page (htmx loads it; without JavaScript the page links to the list).
        ui.MapGet("/deals/related", async (Guid? contactId, Guid? accountId, ManageDeals deals, CancellationToken ct) =>
        {
            if (contactId is null == accountId is null) return Results.BadRequest();
            var page = await deals.ListAsync(new ManageDeals.Filter(AccountId: accountId, ContactId: contactId), "-createdAt", 10, null, ct);
            var all = contactId is { } c ? $"/deals?contactId={c}" : $"/deals?accountId={accountId}";
            return PageResults.Render<RelatedDeals, RelatedDealsModel>(new(page, all, contactId is null ? "account" : "contact"));
        });

        ui.MapGet("/deals", async (HttpContext http, [AsParameters] SalesApi.DealQuery f, string? cursor, ManageDeals deals, SalesUi data, CancellationToken ct) =>
        {
            try
            {
                var page = await deals.ListAsync(f.ToFilter(), f.Sort, 50, cursor, ct);
                return (IResult)PageResults.Render<DealsListPage, DealsListModel>(new(page, f, cursor, await data.MembersAsync(ct), await data.PipelinesAsync(ct)));
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<DealsListPage, DealsListModel>(new(new Page<DealDto>([], null), f, null, await data.MembersAsync(ct),
                    await data.PipelinesAsync(ct), e.Errors), PageResults.FormErrors);
            }
        });

        ui.MapGet("/deals/attention", async (int? idleDays, DealBoard board, SalesUi data, CancellationToken ct) =>
            PageResults.Render<AttentionPage, AttentionModel>(new(await board.NeedsAttentionAsync(idleDays ?? 14, null, null, 200, ct), idleDays ?? 14, await data.MembersAsync(ct))));

        ui.MapGet("/deals/{id:guid}", async (Guid id, HttpContext http, SalesUi data, CancellationToken ct) =>
            PageResults.Render<DealPage, SalesUi.DealPageModel>(await data.DealAsync(id, ct) with { Done = http.Request.Query["done"], Error = http.Request.Query["error"] }));

        ui.MapPost("/deals/{id:guid}", async (Guid id, IFormCollection form, UpdateDeal update, SalesUi data, CancellationToken ct) =>
        {
            var patch = DealForm.ToPatch(form);
            long? version = long.TryParse(form["version"], out var v) ? v : null;
            try
            {
                await update.HandleAsync(id, patch, version, ct);
                return Results.Redirect($"/deals/{id}?done={Uri.EscapeDataString("Deal saved.")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<DealPage, SalesUi.DealPageModel>(await data.DealAsync(id, ct) with { Errors = e.Errors, Form = form }, PageResults.FormErrors);
            }
            catch (PreconditionFailedException)
            {
                return PageResults.Render<DealPage, SalesUi.DealPageModel>(await data.DealAsync(id, ct) with { Form = form,
                    Error = "Someone changed this deal while you were editing: the fields show their values now, your entries are kept below. Save again to apply them." }, 409);
            }
        });

        // The deal page's pickers: <option>s narrowed as one types.
        ui.MapGet("/deals/options/accounts", async (string? q, SalesUi data, CancellationToken ct) =>
            PageResults.Render<ChoiceOptions, ChoiceOptionsModel>(new(await data.AccountChoicesAsync(q, ct), "No account matches")));
        ui.MapGet("/deals/options/contacts", async (string? q, SalesUi data, CancellationToken ct) =>
            PageResults.Render<ChoiceOptions, ChoiceOptionsModel>(new(await data.ContactChoicesAsync(q, ct), "No contact matches")));

        // Link an account and/or add a contact (with a role), or remove a contact: a merge patch of accountId / contacts.
        ui.MapPost("/deals/{id:guid}/links", async (Guid id, [FromForm] string? accountId, [FromForm] string? contactId, [FromForm] string? role,
            [FromForm] string? removeContactId, [FromForm] long? version, UpdateDeal update, ManageDeals deals, CancellationToken ct) =>
        {
            var deal = await deals.GetAsync(id, ct);
            var patch = new JsonObject();
            if (Guid.TryParse(accountId, out var account)) patch["accountId"] = account.ToString();
            var contacts = deal.Contacts.Select(c => (c.ContactId, c.Role)).ToList();
            if (Guid.TryParse(removeContactId, out var gone)) contacts.RemoveAll(c => c.ContactId == gone);
            if (Guid.TryParse(contactId, out var added) && contacts.All(c => c.ContactId != added)) contacts.Add((added, string.IsNullOrEmpty(role) ? "other" : role));
            if (contacts.Count != deal.Contacts.Count || contacts.Any(c => deal.Contacts.All(d => d.ContactId != c.ContactId)))
                patch["contacts"] = new JsonArray(contacts.Select(c => (JsonNode)new JsonObject { ["contactId"] = c.ContactId.ToString(), ["role"] = c.Role }).ToArray());
            try
            {
                if (patch.Count > 0) await update.HandleAsync(id, patch, version, ct);
                return Results.Redirect($"/deals/{id}?done={Uri.EscapeDataString(patch.Count > 0 ? "Links saved." : "Nothing to change.")}");
            }
            catch (PreconditionFailedException) { return Results.Redirect($"/deals/{id}?error={Uri.EscapeDataString("Someone changed this deal meanwhile: here it is as it is now.")}"); }
            catch (ValidationFailedException e) { return Results.Redirect($"/deals/{id}?error={Uri.EscapeDataString(string.Join(" ", e.Errors.SelectMany(x => x.Value)))}"); }
        });

        ui.MapPost("/deals/{id:guid}/delete", async (Guid id, ManageDeals deals, CancellationToken ct) =>
        {
            await deals.DeleteAsync(id, ct);
            return Results.Redirect($"/deals/board?done={Uri.EscapeDataString("Deal moved to the trash.")}");
        });

        ui.MapGet("/forecast", async (string? period, string? groupBy, Guid? pipelineId, DateOnly? from, DateOnly? to, GetForecast forecast, GetSalesMetrics metrics,
            SalesUi data, CancellationToken ct) =>
            PageResults.Render<ForecastPage, ForecastModel>(new(
                await forecast.HandleAsync(period ?? SalesMath.Quarter, groupBy, null, null, pipelineId, ct),
                await metrics.HandleAsync(from, to, pipelineId, ct),
                period ?? SalesMath.Quarter, groupBy, pipelineId,
                await data.MembersAsync(ct), await data.PipelinesAsync(ct))));

        SalesSettingsPages.Map(ui);
    }

    /// <summary>The board's filters (query string, and hidden fields of the move form).</summary>
    public sealed record BoardFilter(Guid? PipelineId, Guid? OwnerId, DateOnly? CloseFrom, DateOnly? CloseTo)
    {
        /// <summary>
        /// Read leniently: the filter form sends its empty fields (<c>closeFrom=&amp;closeTo=</c>), which
        /// typed binding refused with a 400 (the pipeline selector showed nothing); an empty or unreadable
        /// value is no filter.
        /// </summary>
        public static ValueTask<BoardFilter?> BindAsync(HttpContext http)
        {
            var q = http.Request.Query;
            return ValueTask.FromResult<BoardFilter?>(new BoardFilter(
                Guid.TryParse(q["pipelineId"], out var p) ? p : null,
                Guid.TryParse(q["ownerId"], out var o) ? o : null,
                DateOnly.TryParseExact(q["closeFrom"].ToString(), "yyyy-MM-dd", out var f) ? f : null,
                DateOnly.TryParseExact(q["closeTo"].ToString(), "yyyy-MM-dd", out var t) ? t : null));
        }

        public string Query()
        {
            var parts = new List<string>();
            if (PipelineId is { } p) parts.Add($"pipelineId={p}");
            if (OwnerId is { } o) parts.Add($"ownerId={o}");
            if (CloseFrom is { } f) parts.Add($"closeFrom={f:yyyy-MM-dd}");
            if (CloseTo is { } t) parts.Add($"closeTo={t:yyyy-MM-dd}");
            return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
        }
    }
}
