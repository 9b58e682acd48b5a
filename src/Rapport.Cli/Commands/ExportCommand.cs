using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Customers.Features;

namespace Rapport.Cli.Commands;

/// <summary>
/// <c>rapport export contacts|accounts --workspace ID --format csv|xlsx --out FILE [--query "tag=vip&amp;sort=name"]</c>:
/// the same export as the list page and <c>GET /api/v1/contacts/export</c> (filters in the API's syntax),
/// acting as the system (every record). Written to FILE.partial and renamed at the end, so a failed
/// export never leaves a file that looks complete.
/// </summary>
public static class ExportCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var entity = new Argument<string>("entity") { Description = "What to export: contacts or accounts." };
        entity.AcceptOnlyFromAmong("contacts", "accounts");
        var workspace = new Option<Guid>("--workspace") { Description = "The workspace's id.", HelpName = "id", Required = true };
        var format = new Option<string?>("--format") { Description = "csv or xlsx (default: from the file's extension, else csv). XLSX holds up to 1,048,575 rows.", HelpName = "csv|xlsx" };
        format.AcceptOnlyFromAmong(SheetCells.Csv, SheetCells.Xlsx);
        var output = new Option<FileInfo>("--out") { Description = "The file to write.", HelpName = "file", Required = true };
        var query = new Option<string?>("--query") { Description = "List filters and sort as in the API and the list page's URL, e.g. \"tag=vip&lifecycleStage=customer&sort=-createdAt\".", HelpName = "query" };
        var export = new Command("export", "Export contacts or accounts (a list's filters and sort) to CSV or XLSX.")
        {
            entity, workspace, format, output, query,
        };
        export.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            var file = parse.GetValue(output)!;
            var fmt = parse.GetValue(format) ?? (file.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase) ? SheetCells.Xlsx : SheetCells.Csv);
            var (filters, sort) = ParseQuery(parse.GetValue(query));
            var what = parse.GetValue(entity)!;
            var (scope, ws) = await host.EnterWorkspaceAsync(parse.GetValue(workspace), ct);
            await using (scope)
            {
                var sp = scope.ServiceProvider;
                var write = what == "contacts"
                    ? await sp.GetRequiredService<ExportContacts>().PrepareAsync(fmt, filters, sort, ct)
                    : await sp.GetRequiredService<ExportAccounts>().PrepareAsync(fmt, filters, sort, ct);
                var clock = Stopwatch.StartNew();
                var partial = file.FullName + ".partial";
                var rows = 0;
                try
                {
                    await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024))
                    {
                        if (fmt == SheetCells.Xlsx)
                        {
                            using var xlsx = new XlsxOut(stream, char.ToUpperInvariant(what[0]) + what[1..]);
                            await write(xlsx, ct);
                            rows = xlsx.Rows - 1;
                        }
                        else
                        {
                            await using var text = new StreamWriter(stream, CsvOut.Utf8WithBom, 64 * 1024);
                            var csv = new CountingSheet(new CsvOut(text));
                            await write(csv, ct);
                            rows = csv.Rows - 1;
                        }
                    }
                    File.Move(partial, file.FullName, overwrite: true);
                }
                catch
                {
                    File.Delete(partial);
                    throw;
                }
                await host.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Exported {rows:N0} {what} of workspace '{ws.Name}' to {file.FullName} ({fmt}, {clock.Elapsed.TotalSeconds:0.0} s)."));
            }
        }));
        return export;
    }

    private static (List<KeyValuePair<string, string>> Filters, string? Sort) ParseQuery(string? query)
    {
        var filters = new List<KeyValuePair<string, string>>();
        string? sort = null;
        foreach (var (key, values) in QueryHelpers.ParseQuery(query?.TrimStart('?')))
            foreach (var v in values)
            {
                if (key == "sort") sort = v;
                else if (key is not ("limit" or "cursor" or "format")) filters.Add(new(key, v ?? ""));
            }
        return (filters, sort);
    }

    private sealed class CountingSheet(ISheetOut inner) : ISheetOut
    {
        public int Rows { get; private set; }
        public void Field(string? value) => inner.Field(value);
        public Task EndRowAsync() { Rows++; return inner.EndRowAsync(); }
        public Task FlushAsync() => inner.FlushAsync();
    }
}
