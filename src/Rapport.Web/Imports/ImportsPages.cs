using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Rapport.Common;
using Rapport.Imports;
using Rapport.Imports.Features;
using Rapport.Web.Http;
using Rapport.Web.Imports.Pages;
using Rapport.Web.Platform;
using Rapport.Web.Shared;

namespace Rapport.Web.Imports;

/// <summary>The upload page: the chosen kind, the kinds there are, and the errors of a refused upload.</summary>
public sealed record ImportUploadModel(string Entity, IReadOnlyList<ImportKinds.Kind> Kinds, IDictionary<string, string[]>? Errors = null);

/// <summary>The mapping page: the uploaded file (by token), its preview, the target's built-in match keys, the options, and the errors of a refused start.</summary>
public sealed record ImportMapModel(string Token, string Entity, string FileName, PreviewImport.Preview Preview, IReadOnlyList<string> MatchKeys,
    ImportMapPage.FormValues Form, IDictionary<string, string[]>? Errors = null);

/// <summary>An import's progress or report, and a result shown once (?done=…).</summary>
public sealed record ImportReportModel(ImportDto Report, string? Done);

/// <summary>
/// The import wizard: /imports/new (upload) → /imports/new/{file} (mapping with guesses, a preview of
/// the first rows, options) → /imports/{id} (progress, polled by htmx, then the report with its errors
/// and Undo); /imports lists past imports. Every step is a plain form that works without JavaScript.
/// </summary>
public static class ImportsPages
{
    public const int PreviewRows = CreateImport.CheckedRows;

    public static void MapImportsPages(this RouteGroupBuilder ui)
    {
        var pages = ui.MapGroup("/imports");
        ui.MapGet("/settings/imports", () => Results.Redirect("/imports")); // the Settings tab

        pages.MapGet("", async (string? cursor, ListImports list, CancellationToken ct) =>
            PageResults.Render<ImportsListPage, Page<ImportDto>>(await list.HandleAsync(50, cursor, ct)));

        pages.MapGet("/new", (string? entity, RequestContext ctx, IEnumerable<IImportTarget> targets) =>
        {
            ctx.EnsureCanWrite();
            return PageResults.Render<ImportUploadPage, ImportUploadModel>(new(ImportKinds.Of(entity, targets).Entity, ImportKinds.All(targets)));
        });

        // Upload: the form (with its antiforgery token) is read to a temporary file by ASP.NET, then moved to the import folder.
        pages.MapPost("/new", async (HttpContext http, IAntiforgery antiforgery, ImportFiles files, PreviewImport preview, RequestContext ctx, IEnumerable<IImportTarget> targets, CancellationToken ct) =>
        {
            ctx.EnsureCanWrite();
            var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (size is { IsReadOnly: false }) size.MaxRequestBodySize = ImportFiles.MaxBytes + 1024 * 1024;
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = ImportFiles.MaxBytes, ValueCountLimit = 100 }));
            if (!await antiforgery.IsRequestValidAsync(http)) return PageAntiforgery.Refused();
            var form = http.Request.Form;
            var entity = ImportKinds.Of(form["entity"].ToString(), targets).Entity;
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
                return PageResults.RenderAt<ImportUploadPage, ImportUploadModel>(http, "/imports/new",
                    new(entity, ImportKinds.All(targets), new Dictionary<string, string[]> { ["file"] = ["Choose a CSV file."] }), PageResults.FormErrors);
            (string Token, string Path, long Bytes) saved;
            await using (var stream = file.OpenReadStream()) saved = await files.SaveAsync(stream, ct);
            try
            {
                // The preview's read (header and first rows, bounded by the CSV reader) here, so a file that cannot be
                // mapped — too many columns, a huge line, binary — is refused on this page with its reason, and not kept.
                await preview.HandleAsync(entity, saved.Path, null, PreviewRows, ct);
            }
            catch (ValidationFailedException e)
            {
                ImportRunner.TryDelete(saved.Path);
                return PageResults.RenderAt<ImportUploadPage, ImportUploadModel>(http, "/imports/new", new(entity, ImportKinds.All(targets), e.Errors), PageResults.FormErrors);
            }
            var name = Uri.EscapeDataString(Path.GetFileName(file.FileName));
            return Results.Redirect($"/imports/new/{saved.Token}?entity={entity}&name={name}");
        }).DisableAntiforgery(); // validated above, after the body limit is raised

        pages.MapGet("/new/{token}", async (string token, string? entity, string? name, ImportFiles files, PreviewImport preview, RequestContext ctx,
            IEnumerable<IImportTarget> targets, CancellationToken ct) =>
        {
            ctx.EnsureCanWrite();
            var path = files.PathOf(token);
            if (path is null || !File.Exists(path)) throw new NotFoundException("The uploaded file was not found; upload it again.");
            var target = targets.First(t => t.Entity == ImportKinds.Of(entity, targets).Entity);
            PreviewImport.Preview p;
            try { p = await preview.HandleAsync(target.Entity, path, null, PreviewRows, ct); }
            catch (ValidationFailedException e)
            {
                // The upload checked it already; a file put there otherwise gets the upload page with the reason.
                return (IResult)PageResults.Render<ImportUploadPage, ImportUploadModel>(new(target.Entity, ImportKinds.All(targets), e.Errors), StatusCodes.Status400BadRequest);
            }
            return PageResults.Render<ImportMapPage, ImportMapModel>(
                new(token, target.Entity, name ?? "import.csv", p, target.MatchKeys, ImportMapPage.FormValues.Default(target)));
        });

        pages.MapPost("/new/{token}", async (HttpContext http, string token, ImportFiles files, PreviewImport preview, CreateImport create,
            IEnumerable<IImportTarget> targets, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var path = files.PathOf(token);
            if (path is null || !File.Exists(path)) throw new NotFoundException("The uploaded file was not found; upload it again.");
            var target = targets.First(t => t.Entity == ImportKinds.Of(form["entity"].ToString(), targets).Entity);
            var entity = target.Entity;
            var name = form["name"].ToString();
            var values = new ImportMapPage.FormValues(form["onDuplicate"].ToString(), form["matchOn"].ToString(), form["dryRun"] == "true", form["missingAccounts"] != "error");
            // The mapping table posts one select per column, in column order: map[0], map[1], …
            var p0 = await preview.HandleAsync(entity, path, null, PreviewRows, ct);
            var map = new Dictionary<string, string?>();
            for (var i = 0; i < p0.Headers.Count; i++)
                if (form.ContainsKey($"map[{i}]")) map[p0.Headers[i]] = form[$"map[{i}]"].ToString();
            try
            {
                var job = await create.HandleAsync(new CreateImport.Options(entity, values.OnDuplicate, values.MatchOn, values.DryRun, map, values.CreateMissingAccounts),
                    path, new FileInfo(path).Length, name, ct, keepFileOnError: true);
                return Results.Redirect($"/imports/{job.Id}");
            }
            catch (ValidationFailedException e)
            {
                var p = await preview.HandleAsync(entity, path, map, PreviewRows, ct);
                return PageResults.RenderAt<ImportMapPage, ImportMapModel>(http, $"/imports/new/{token}",
                    new(token, entity, name, p, target.MatchKeys, values, e.Errors), PageResults.FormErrors);
            }
        });

        pages.MapGet("/{id:guid}", async (Guid id, string? done, GetImport get, CancellationToken ct) =>
            PageResults.Render<ImportReportPage, ImportReportModel>(new(await get.HandleAsync(id, 200, ct), done)));

        pages.MapPost("/{id:guid}/undo", async (Guid id, UndoImport undo, CancellationToken ct) =>
        {
            var r = await undo.HandleAsync(id, ct);
            return Results.Redirect($"/imports/{id}?done={Uri.EscapeDataString($"Import undone: {r.Counts.Created} created records moved to the trash, {r.Counts.Updated} updated records restored.")}");
        });

        // After a dry run: the same file and options, for real.
        pages.MapPost("/{id:guid}/run", async (Guid id, RunImportForReal run, CancellationToken ct) =>
            Results.Redirect($"/imports/{(await run.HandleAsync(id, ct)).Id}"));
    }
}
