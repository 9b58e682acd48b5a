using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Spreadsheet;
using Rapport.Common;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Customers;

/// <summary>Exports as XLSX (API, list page, CLI) and the accounts' export; CSV details are in CustomerRulesTests.</summary>
public class ExportTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Xlsx_export_has_the_list_rows_as_text_cells_with_formulas_defused(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "plan", label = "Plan", type = "text" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "=HYPERLINK(\"x\")", lastName = "O'Neil, Jr.\u0001", email = "oneil@example.com", tags = new[] { "vip" }, customFields = new { plan = "Pro" } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        for (var i = 0; i < 230; i++)
            await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = $"Bulk{i}", lastName = "Zed", tags = new[] { "bulk" } })).ShouldBeAsync(HttpStatusCode.Created);

        var vip = await api.GetAsync("/api/v1/contacts/export?format=xlsx&tag=vip");
        vip.StatusCode.ShouldBe(HttpStatusCode.OK);
        vip.Content.Headers.ContentType!.MediaType.ShouldBe(SheetCells.XlsxContentType);
        vip.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldEndWith(".xlsx");
        var rows = ReadSheet(await vip.Content.ReadAsByteArrayAsync());
        rows.Count.ShouldBe(2);
        rows[0][..4].ShouldBe(["id", "firstName", "lastName", "email"]);
        rows[0][^1].ShouldBe("customFields.plan");
        rows[1][1].ShouldBe("'=HYPERLINK(\"x\")");
        rows[1][2].ShouldBe("O'Neil, Jr."); // the control character XML cannot carry is dropped
        rows[1][3].ShouldBe("oneil@example.com");
        rows[1][^1].ShouldBe("Pro");

        // Sorted and filtered like the list; more rows than a page of 200.
        var bulk = ReadSheet(await (await api.GetAsync("/api/v1/contacts/export?format=xlsx&tag=bulk&sort=firstName")).Content.ReadAsByteArrayAsync());
        bulk.Count.ShouldBe(231);
        bulk[1][1].ShouldBe("Bulk0");
        bulk[2][1].ShouldBe("Bulk1");
        bulk[3][1].ShouldBe("Bulk10");

        await (await api.GetAsync("/api/v1/contacts/export?format=pdf")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/contacts/export?format=xlsx&lifecycleStage=lost")).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Accounts_export_as_csv_and_xlsx_with_the_list_filters(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex", domain = "globex.example", tags = new[] { "target" } })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "@Initech", domain = "initech.example" })).ShouldBeAsync(HttpStatusCode.Created);

        var csv = await api.GetAsync("/api/v1/accounts/export?format=csv&sort=name");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(3);
        lines[0].ShouldStartWith("id,name,domain");
        lines[1].ShouldContain(",'@Initech,initech.example,");
        lines[2].ShouldContain(",Globex,globex.example,");

        var xlsx = ReadSheet(await (await api.GetAsync("/api/v1/accounts/export?format=xlsx&tag=target")).Content.ReadAsByteArrayAsync());
        xlsx.Count.ShouldBe(2);
        xlsx[1][1].ShouldBe("Globex");
        await (await api.GetAsync("/api/v1/accounts/export?format=docx")).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_list_page_downloads_xlsx(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace", tags = new[] { "vip" } })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Bob", lastName = "Other" })).ShouldBeAsync(HttpStatusCode.Created);
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await (await ui.GetAsync("/contacts?tag=vip")).Content.ReadAsStringAsync();
        page.ShouldContain("/contacts/export.xlsx?tag=vip");
        var download = await ui.GetAsync("/contacts/export.xlsx?tag=vip");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = ReadSheet(await download.Content.ReadAsByteArrayAsync());
        rows.Count.ShouldBe(2);
        rows[1][1].ShouldBe("Ada");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Cli_exports_csv_and_xlsx_to_a_file(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var created = await CliRun.RunAsync(db, "workspace", "create", "--name", "Acme", "--owner-email", "olivia@example.com", "--owner-password", "correct horse battery");
        created.Code.ShouldBe(0, created.Err);
        var workspaceId = created.Out.Trim().Split('\n')[^1].Trim();
        (await CliRun.RunAsync(db, "demo", "--workspace", workspaceId)).Code.ShouldBe(0);
        var dir = Directory.CreateTempSubdirectory("rapport-export-");
        try
        {
            var csvFile = Path.Combine(dir.FullName, "contacts.csv");
            var csv = await CliRun.RunAsync(db, "export", "contacts", "--workspace", workspaceId, "--out", csvFile);
            csv.Code.ShouldBe(0, csv.Err);
            csv.Out.ShouldContain("Exported 200 contacts of workspace 'Acme'");
            File.ReadAllLines(csvFile).Length.ShouldBe(201);

            var xlsxFile = Path.Combine(dir.FullName, "accounts.xlsx");
            var xlsx = await CliRun.RunAsync(db, "export", "accounts", "--workspace", workspaceId, "--format", "xlsx", "--out", xlsxFile, "--query", "sort=name");
            xlsx.Code.ShouldBe(0, xlsx.Err);
            xlsx.Out.ShouldContain("Exported 50 accounts");
            var rows = ReadSheet(File.ReadAllBytes(xlsxFile));
            rows.Count.ShouldBe(51);
            rows.Skip(1).Select(r => r[1]).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);

            var bad = await CliRun.RunAsync(db, "export", "contacts", "--workspace", workspaceId, "--out", Path.Combine(dir.FullName, "bad.csv"), "--query", "lifecycleStage=lost");
            bad.Code.ShouldBe(1);
            bad.Err.ShouldContain("lifecycleStage");
            File.Exists(Path.Combine(dir.FullName, "bad.csv")).ShouldBeFalse();
            (await CliRun.RunAsync(db, "export", "deals", "--workspace", workspaceId, "--out", "x.csv")).Code.ShouldBe(2);
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>The sheet's cells as text, placed by their references (empty cells are not written).</summary>
    internal static List<string[]> ReadSheet(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        new OpenXmlValidator().Validate(doc).Select(e => e.Description).ShouldBeEmpty("the package is what Excel expects");
        var wb = doc.WorkbookPart!;
        var sheet = wb.Workbook.Sheets!.Elements<Sheet>().Single();
        var part = (WorksheetPart)wb.GetPartById(sheet.Id!);
        var rows = new List<string[]>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = row.Elements<Cell>().ToList();
            var width = cells.Count == 0 ? 0 : cells.Max(c => Column(c.CellReference!)) + 1;
            var values = Enumerable.Repeat("", Math.Max(width, rows.Count > 0 ? rows[0].Length : 0)).ToArray();
            foreach (var c in cells) values[Column(c.CellReference!)] = c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? "";
            rows.Add(values);
        }
        return rows;
    }

    private static int Column(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter)) n = n * 26 + (ch - 'A' + 1);
        return n - 1;
    }
}
