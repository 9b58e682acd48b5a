using Rapport.Web.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Rapport.Common;
using Rapport.Duplicates;
using Rapport.Duplicates.Features;
using Rapport.Web.Duplicates.Pages;
using Rapport.Web.Platform;
using Rapport.Web.Shared;
using Rapport.Records;

namespace Rapport.Web.Duplicates;

/// <summary>
/// The review queue (/duplicates?entity=contact|account), the side-by-side merge page, and the
/// actions behind them (scan, dismiss, merge, undo) as plain form posts calling the API's handlers.
/// </summary>
public static class DuplicatesPages
{
    public static IServiceCollection AddDuplicatesPages(this IServiceCollection services) => services.AddScoped<DuplicatePages>();

    public static void MapDuplicatesPages(this RouteGroupBuilder ui)
    {

        ui.MapGet("/duplicates", async (HttpContext http, string? entity, string? cursor, string? done, DuplicatePages pages, CancellationToken ct) =>
        {
            var kind = entity is DuplicateEntities.Account ? DuplicateEntities.Account : DuplicateEntities.Contact;
            if (entity != kind) return Results.Redirect($"/duplicates?entity={kind}");
            return PageResults.Render<ReviewQueuePage, QueueModel>(await pages.QueueAsync(kind, cursor, ct) with { Done = done });
        });

        // While a scan runs, the queue page asks every two seconds; when it ends the page reloads itself.
        ui.MapGet("/duplicates/status", async (HttpContext http, string? entity, ManageDuplicates manage, WorkspaceFormat fmt, CancellationToken ct) =>
        {
            await fmt.LoadAsync();
            var kind = ManageDuplicates.ParseEntity(entity);
            var scan = await manage.LatestScanAsync(kind, ct);
            if (scan is null || scan.Status != DuplicateScanStatus.Running) http.Response.Headers["HX-Refresh"] = "true";
            return PageResults.Render<ScanStatus, ScanStatusModel>(new(scan, kind));
        });

        ui.MapPost("/duplicates/scan", async ([FromForm] string? entity, ManageDuplicates manage, CancellationToken ct) =>
        {
            var kind = ManageDuplicates.ParseEntity(entity);
            await manage.StartAsync(new ManageDuplicates.StartRequest(kind), ct);
            return Results.Redirect($"/duplicates?entity={kind}");
        });

        ui.MapPost("/duplicates/{id:guid}/dismiss", async (Guid id, [FromForm] string? entity, ManageDuplicates manage, CancellationToken ct) =>
        {
            var kind = entity is DuplicateEntities.Account ? DuplicateEntities.Account : DuplicateEntities.Contact;
            await manage.DismissAsync(id, ct);
            return Results.Redirect(QueryHelpers.AddQueryString($"/duplicates?entity={kind}", "done", "Marked as not duplicates; later scans keep them apart."));
        });

        // From a list's bulk bar: the selected rows go to the merge page.
        ui.MapPost("/duplicates/merge/select", async (HttpContext http, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var kind = form["entity"] == DuplicateEntities.Account ? DuplicateEntities.Account : DuplicateEntities.Contact;
            var ids = form["ids"].Where(v => Guid.TryParse(v, out _)).Distinct().ToList();
            if (ids.Count < 2)
                return Results.Redirect(QueryHelpers.AddQueryString(DuplicatePages.PathOf(kind), "done", "Select two or more records to merge."));
            var url = $"/duplicates/merge?entity={kind}" + string.Concat(ids.Select(i => $"&ids={i}"));
            return Results.Redirect(url);
        });

        ui.MapGet("/duplicates/merge", async (HttpContext http, string? entity, Guid? group, DuplicatePages pages, ManageDuplicates manage, CancellationToken ct) =>
        {
            var kind = ManageDuplicates.ParseEntity(entity);
            var ids = http.Request.Query["ids"].Select(v => Guid.TryParse(v, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();
            if (group is { } gid) ids = (await manage.GetGroupAsync(gid, ct)).RecordIds.ToList();
            try { return PageResults.Render<MergePage, MergeModel>(await pages.MergeAsync(kind, ids, group, ct)); }
            catch (ValidationFailedException v)
            {
                return Results.Redirect(QueryHelpers.AddQueryString(DuplicatePages.PathOf(kind), "done", string.Join(" ", v.Errors.SelectMany(x => x.Value))));
            }
        });

        ui.MapPost("/duplicates/merge", async (HttpContext http, DuplicatePages pages, MergeRecords merge, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var kind = ManageDuplicates.ParseEntity(form["entity"]);
            var ids = form["ids"].Select(v => Guid.TryParse(v, out var g) ? g : (Guid?)null).OfType<Guid>().Distinct().ToList();
            Guid.TryParse(form["survivorId"], out var survivor);
            var choices = new System.Text.Json.Nodes.JsonObject();
            foreach (var (key, value) in form)
                if (key.StartsWith("choice.", StringComparison.Ordinal) && Guid.TryParse(value, out var from)) choices[key["choice.".Length..]] = from.ToString();
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["survivorId"] = survivor == Guid.Empty ? null : survivor.ToString(),
                ["mergedIds"] = new System.Text.Json.Nodes.JsonArray(ids.Where(i => i != survivor).Select(i => (System.Text.Json.Nodes.JsonNode?)i.ToString()).ToArray()),
                ["fieldChoices"] = choices,
            };
            try
            {
                var result = await merge.MergeAsync(kind, body, ct);
                return Results.Redirect(QueryHelpers.AddQueryString($"{DuplicatePages.PathOf(kind)}/{result.SurvivorId}",
                    new Dictionary<string, string?> { ["done"] = $"Merged {ids.Count} records into this one.", ["undoMerge"] = result.MergeId.ToString() }));
            }
            catch (Exception e) when (e is ValidationFailedException or ConflictException)
            {
                var message = e is ValidationFailedException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : e.Message;
                Guid? group = Guid.TryParse(form["group"], out var g) ? g : null;
                return PageResults.Render<MergePage, MergeModel>(await pages.MergeAsync(kind, ids, group, ct) with { Error = message }, e is ConflictException ? 409 : PageResults.FormErrors);
            }
        });

        ui.MapPost("/merges/{id:guid}/undo", async (Guid id, MergeRecords merge, CancellationToken ct) =>
        {
            try
            {
                var m = await merge.UndoAsync(id, ct);
                return Results.Redirect(QueryHelpers.AddQueryString($"{DuplicatePages.PathOf(m.Entity)}/{m.SurvivorId}", "done", "Merge undone: the merged records are back."));
            }
            catch (ConflictException e)
            {
                var m = await merge.GetAsync(id, ct);
                return Results.Redirect(QueryHelpers.AddQueryString($"{DuplicatePages.PathOf(m.Entity)}/{m.SurvivorId}", "done", e.Message));
            }
        });
    }
}
