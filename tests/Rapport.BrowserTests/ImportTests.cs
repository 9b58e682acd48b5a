using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>The import wizard with a file that has errors and duplicates: upload, mapping, dry run, the real run, its report, undo.</summary>
public sealed class ImportTests(SharedServer server) : IClassFixture<SharedServer>
{
    [BrowserFact]
    public async Task Import_wizard_reports_errors_and_duplicates_and_the_import_can_be_undone()
    {
        var owner = await server.SignUpAsync("Importers");
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/contacts", new { firstName = "Existing", lastName = "Person", email = "existing@example.com" });
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);

        // From the contact list to the wizard.
        await page.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Import CSV" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import a CSV file" })).ToBeVisibleAsync();
        var csv = "Given name;Surname;E-mail;Company;Favourite colour\n" +
                  "Ada;Lovelace;ada@example.com;Analytical Engines;blue\n" +
                  "Bad;Address;not-an-email;;red\n" +
                  "Existing;Again;existing@example.com;;green\n" +
                  "Grace;Hopper;grace@example.com;Navy;\n";
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and map columns" }).ClickAsync();

        // Mapping: guesses from the headers, a column left for the user, a preview of the rows.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Columns" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Given name", new() { Exact = true })).ToHaveValueAsync("firstName");
        await Expect(page.GetByLabel("Surname", new() { Exact = true })).ToHaveValueAsync("lastName");
        await Expect(page.GetByLabel("E-mail", new() { Exact = true })).ToHaveValueAsync("email");
        await Expect(page.GetByLabel("Company", new() { Exact = true })).ToHaveValueAsync("company");
        await Expect(page.GetByLabel("Favourite colour", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(page.Locator(".import-preview tbody tr")).ToHaveCountAsync(4);

        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "rapport-import-map.png"), FullPage = true });

        // A dry run first.
        await page.GetByLabel("Dry run").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start import" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/imports/[0-9a-f-]{36}$"));
        await Expect(page.Locator(".import-status")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        await Expect(page.Locator(".import-summary")).ToContainTextAsync("dry run");
        await Expect(page.Locator(".import-counts")).ToContainTextAsync("Would be created2");

        // For real: the report names the bad row and counts the duplicate as skipped.
        await page.GetByRole(AriaRole.Button, new() { Name = "Import for real" }).ClickAsync();
        await Expect(page.Locator(".import-status")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        await Expect(page.Locator(".import-counts")).ToContainTextAsync("Created2");
        await Expect(page.Locator(".import-counts")).ToContainTextAsync("Skipped1");
        await Expect(page.Locator(".import-counts")).ToContainTextAsync("Failed1");
        var error = page.Locator(".import-errors tbody tr");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error).ToContainTextAsync("3");
        await Expect(error).ToContainTextAsync("E-mail");
        await Expect(error).ToContainTextAsync("Must be an e-mail address.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true }).First.ClickAsync();
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(3);

        // The history lists both; undo the real one.
        await page.GetByRole(AriaRole.Link, new() { Name = "Imports", Exact = true }).First.ClickAsync();
        await Expect(page.Locator(".imports-table tbody tr")).ToHaveCountAsync(2);
        await page.Locator(".imports-table tbody tr").First.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo import" }).ClickAsync(); // confirm() accepted
        await Expect(page.Locator(".import-status")).ToHaveTextAsync("Undone");
        await Expect(page.Locator(".toast")).ToContainTextAsync("Import undone");
        await page.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true }).First.ClickAsync();
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "rapport-import-contacts.png") });
    }
}
