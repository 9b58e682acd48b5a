using Rapport.Common;

namespace Rapport.Web.Customers;

/// <summary>
/// Sends an export as a download: CSV streamed straight into the response (UTF-8 with BOM, so
/// spreadsheets read accents); XLSX written to a temp file first (a zip package needs a seekable
/// stream), then streamed. The handler has validated everything before this starts the response.
/// </summary>
public static class ExportDownloads
{
    public static async Task WriteAsync(HttpContext http, string name, string format, Func<ISheetOut, CancellationToken, Task> write, CancellationToken ct)
    {
        format = SheetCells.ParseFormat(format);
        var fileName = $"{name}-{DateTime.UtcNow:yyyy-MM-dd-HHmm}.{format}";
        if (format == SheetCells.Csv)
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            await using var writer = new StreamWriter(http.Response.Body, CsvOut.Utf8WithBom, bufferSize: 64 * 1024, leaveOpen: true);
            await write(new CsvOut(writer), ct);
            await writer.FlushAsync(ct);
            return;
        }

        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"rapport-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using (var xlsx = new XlsxOut(file, name.Length > 0 ? char.ToUpperInvariant(name[0]) + name[1..] : "Export"))
            await write(xlsx, ct);
        http.Response.ContentType = SheetCells.XlsxContentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        http.Response.ContentLength = file.Length;
        file.Position = 0;
        await file.CopyToAsync(http.Response.Body, ct);
    }
}
