using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>The import wizard with a file that has errors and duplicates: upload, mapping, dry run, the real run, its report, undo.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ImportTests(SharedServer server)
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

    [BrowserFact]
    public async Task Leads_come_in_through_the_wizard_assigned_and_scored_and_the_import_can_be_undone()
    {
        var owner = await server.SignUpAsync("Lead importers");
        var users = await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Get, "/api/v1/users");
        var ownerId = users.GetProperty("items")[0].GetProperty("id").GetString();
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/scoring-rules", new { kind = "fit", field = "title", @operator = "contains", value = "Director", points = 15 });
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/assignment-rules", new
        {
            name = "Trade fair leads", criteria = new[] { new { field = "source", @operator = "equals", value = "fair" } }, method = "roundRobin", userIds = new[] { ownerId },
        });
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);

        // From the lead list to the wizard, with Leads chosen.
        await page.GetByRole(AriaRole.Link, new() { Name = "Leads", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Import CSV" }).ClickAsync();
        await Expect(page.GetByLabel("Import", new() { Exact = true })).ToHaveValueAsync("lead");
        var csv = "First name,Last name,E-mail,Company,Job title,Source,Status\n" +
                  "Peter,Gibbons,peter@initrode.example,Initrode,Director of Software,fair,New\n" +
                  "Bill,Lumbergh,bill@initech.example,Initech,VP,fair,promoted\n" +
                  "Milton,Waddams,milton@initech.example,Initech,Collator,fair,Working\n";
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "fair-leads.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and map columns" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import leads from fair-leads.csv" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Job title", new() { Exact = true })).ToHaveValueAsync("title");
        await Expect(page.GetByLabel("Source", new() { Exact = true })).ToHaveValueAsync("source");
        await Expect(page.GetByLabel("Status", new() { Exact = true })).ToHaveValueAsync("status");
        await Expect(page.GetByLabel("Match existing records on")).ToHaveValueAsync("email");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "rapport-import-leads-map.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Start import" }).ClickAsync();

        await Expect(page.Locator(".import-status")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        await Expect(page.Locator(".import-summary")).ToContainTextAsync("Leads");
        await Expect(page.Locator(".import-counts")).ToContainTextAsync("Created2");
        await Expect(page.Locator(".import-counts")).ToContainTextAsync("Failed1");
        var error = page.Locator(".import-errors tbody tr");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error).ToContainTextAsync("3");
        await Expect(error).ToContainTextAsync("Status");

        // On the lead list: assigned by the rule and scored.
        await page.Locator(".page-head").GetByRole(AriaRole.Link, new() { Name = "Leads", Exact = true }).ClickAsync();
        var row = page.Locator("tbody tr", new() { HasText = "Peter Gibbons" });
        await Expect(row.Locator(".score-pill")).ToHaveTextAsync("15");
        await Expect(row).ToContainTextAsync("Olivia Owner");
        await Expect(page.Locator("tbody tr", new() { HasText = "Milton Waddams" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "rapport-import-leads-list.png"), FullPage = true });

        // Undo from the import's page: the leads go to the trash.
        await page.GetByRole(AriaRole.Link, new() { Name = "Imports", Exact = true }).First.ClickAsync();
        await page.Locator(".imports-table tbody tr").First.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo import" }).ClickAsync();
        await Expect(page.Locator(".import-status")).ToHaveTextAsync("Undone");
        await page.GotoAsync("/leads");
        await Expect(page.Locator("tbody tr", new() { HasText = "Peter Gibbons" })).ToHaveCountAsync(0);
    }
}
