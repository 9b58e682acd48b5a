using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Rapport.Common;
using Rapport.Imports;
using Rapport.Imports.Features;
using Rapport.Web.Http;

namespace Rapport.Web.Imports;

/// <summary>/api/v1/imports: upload a CSV (multipart, streamed to disk, up to 2 GB) → 202 {id}; the report; undo; a dry run for real; the list.</summary>
public static class ImportsApi
{
    public const string UploadPath = "/api/v1/imports";

    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("Imports");
        imports.MapPost("", async (HttpContext http, CreateImport create, ImportFiles files, CancellationToken ct) =>
        {
            var upload = await ReadUploadAsync(http, files, ct);
            var job = await create.HandleAsync(upload.Options, upload.Path, upload.Bytes, upload.FileName, ct);
            return TypedResults.Accepted($"/api/v1/imports/{job.Id}", new { id = job.Id });
        }).DisableAntiforgery();
        imports.MapGet("", async ([AsParameters] Api.ListQuery q, ListImports list, CancellationToken ct) => TypedResults.Ok(await list.HandleAsync(q.Limit, q.Cursor, ct)));
        imports.MapGet("/{id:guid}", async (Guid id, GetImport get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct: ct)));
        imports.MapPost("/{id:guid}/undo", async (Guid id, UndoImport undo, CancellationToken ct) => TypedResults.Ok(await undo.HandleAsync(id, ct)));
        // A dry run, for real: the same file, options and mapping → 202 {id} of the new import.
        imports.MapPost("/{id:guid}/run", async (Guid id, RunImportForReal run, CancellationToken ct) =>
        {
            var job = await run.HandleAsync(id, ct);
            return TypedResults.Accepted($"/api/v1/imports/{job.Id}", new { id = job.Id });
        });
        return api;
    }

    public sealed record Upload(CreateImport.Options Options, string Path, long Bytes, string? FileName);

    /// <summary>
    /// Reads a multipart body section by section: the file part is copied to disk as it arrives (never
    /// buffered), the other parts are small form fields. Any order of parts is accepted.
    /// </summary>
    public static async Task<Upload> ReadUploadAsync(HttpContext http, ImportFiles files, CancellationToken ct)
    {
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = ImportFiles.MaxBytes + 1024 * 1024;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new ValidationFailedException("file", "Send the file as multipart/form-data with a part named \"file\".");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw new ValidationFailedException("file", "The multipart boundary is missing.");
        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        (string Path, long Bytes, string? Name)? file = null;
        try
        {
            MultipartSection? section;
            while ((section = await ReadSectionAsync(reader, ct)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || !cd.DispositionType.Equals("form-data")) continue;
                var name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
                if (name == "file")
                {
                    if (file is not null) throw new ValidationFailedException("file", "Send one file.");
                    var saved = await files.SaveAsync(section.Body, ct);
                    var fileName = HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value;
                    file = (saved.Path, saved.Bytes, fileName);
                }
                else
                {
                    using var sr = new StreamReader(section.Body);
                    var buffer = new char[64 * 1024];
                    var n = await sr.ReadBlockAsync(buffer, ct);
                    if (n == buffer.Length) throw new ValidationFailedException(name, "Is too long.");
                    fields[name] = new string(buffer, 0, n);
                }
            }
            if (file is null) throw new ValidationFailedException("file", "Is required: a CSV file in the part named \"file\".");
            var options = new CreateImport.Options(
                fields.GetValueOrDefault("entity"), Empty(fields.GetValueOrDefault("onDuplicate")), Empty(fields.GetValueOrDefault("matchOn")),
                Bool(fields.GetValueOrDefault("dryRun"), "dryRun"), CreateImport.ParseMap(fields.GetValueOrDefault("map")),
                fields.GetValueOrDefault("missingAccounts") is not { } m || m == "create" ? true
                    : m == "error" ? false : throw new ValidationFailedException("missingAccounts", "Must be create or error."));
            return new Upload(options, file.Value.Path, file.Value.Bytes, file.Value.Name);
        }
        catch
        {
            if (file is { } f) ImportRunner.TryDelete(f.Path);
            throw;
        }
    }

    private static async Task<MultipartSection?> ReadSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        try { return await reader.ReadNextSectionAsync(ct); }
        catch (IOException e) { throw new ValidationFailedException("file", $"The multipart body is malformed: {e.Message}"); }
        catch (InvalidDataException e) { throw new ValidationFailedException("file", $"The multipart body is malformed: {e.Message}"); }
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool Bool(string? s, string field) => s?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "off" or "0" => false,
        "true" or "on" or "1" => true,
        _ => throw new ValidationFailedException(field, "Must be true or false."),
    };
}
