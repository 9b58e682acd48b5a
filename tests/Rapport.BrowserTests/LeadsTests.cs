using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>Leads: a visitor fills the public web form → the lead is on /leads, scored and assigned → it is converted with a deal.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class LeadsTests(SharedServer server)
{
    [BrowserFact]
    public async Task A_public_form_submission_becomes_a_scored_assigned_lead_that_converts_into_a_contact_account_and_deal()
    {
        var owner = await server.SignUpAsync("Initech");
        var users = await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Get, "/api/v1/users");
        var ownerId = users.GetProperty("items")[0].GetProperty("id").GetString();
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/scoring-rules", new { kind = "fit", field = "title", @operator = "contains", value = "Director", points = 15 });
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/scoring-rules", new { kind = "engagement", eventType = "formSubmitted", points = 10 });
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/assignment-rules", new
        {
            name = "Web leads", criteria = new[] { new { field = "source", @operator = "equals", value = "webForm" } }, method = "roundRobin", userIds = new[] { ownerId },
        });
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/pipelines", new
        {
            name = "New business", stages = new object[] { new { name = "Qualification", probability = 10, type = "open" }, new { name = "Won", probability = 100, type = "won" }, new { name = "Lost", probability = 0, type = "lost" } },
        });
        var form = await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/forms", new
        {
            name = "Request a demo", consentText = "Send me product news", thankYouMessage = "Thanks, we will be in touch.",
            fields = new object[]
            {
                new { key = "email", label = "Work e-mail", type = "email", required = true }, new { key = "firstName", label = "First name", type = "text", required = true },
                new { key = "lastName", label = "Last name", type = "text", required = true }, new { key = "company", label = "Company", type = "text", required = false },
                new { key = "title", label = "Job title", type = "text", required = false },
            },
        });
        var formId = form.GetProperty("id").GetString();

        // 1. A visitor (not signed in) on the hosted page: a required field first, then the whole form.
        var visitor = await server.NewPageAsync();
        await visitor.GotoAsync($"/f/{formId}");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Request a demo" })).ToBeVisibleAsync();
        await visitor.GetByLabel("First name").FillAsync("Peter");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor.Locator("[id='email-error']")).ToContainTextAsync("required");
        await Expect(visitor.GetByLabel("First name")).ToHaveValueAsync("Peter");
        await visitor.GetByLabel("Work e-mail").FillAsync("peter.gibbons@initrode.example");
        await visitor.GetByLabel("Last name").FillAsync("Gibbons");
        await visitor.GetByLabel("Company").FillAsync("Initrode");
        await visitor.GetByLabel("Job title").FillAsync("Director of Software");
        await visitor.GetByLabel("Send me product news").CheckAsync();
        await visitor.ScreenshotAsync(new() { Path = Ui.Screenshot("lead-public-form"), FullPage = true });
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor).ToHaveURLAsync(new Regex($"/f/{formId}/thanks$"));
        await Expect(visitor.GetByText("Thanks, we will be in touch.")).ToBeVisibleAsync();

        // 2. The owner sees it on /leads: scored (15 fit + 10 form) and assigned by the rule.
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Leads", Exact = true }).ClickAsync();
        var row = page.Locator("tbody tr", new() { HasText = "Peter Gibbons" });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".score-pill")).ToHaveTextAsync("25");
        await Expect(row).ToContainTextAsync("Olivia Owner");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("leads-list"), FullPage = true });

        // 3. The lead page explains the score and shows the submission; convert it with a deal.
        await row.GetByRole(AriaRole.Link, new() { Name = "Peter Gibbons" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Peter Gibbons", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".score-lines")).ToContainTextAsync("+15 job title contains Director");
        await Expect(page.Locator(".score-lines")).ToContainTextAsync("+10 form submitted today");
        await Expect(page.Locator("[data-testid='lead-owner']")).ToHaveTextAsync("Olivia Owner");
        await Expect(page.Locator(".lead-timeline")).ToContainTextAsync("Submitted the form 'Request a demo'");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("lead-page"), FullPage = true });
        await page.GetByLabel("Create a deal").CheckAsync();
        await page.GetByLabel("Amount").FillAsync("12500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Convert lead" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts/[0-9a-f-]{36}"));
        await Expect(page.Locator(".toast")).ToContainTextAsync("Lead converted with a new account and a deal.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Peter Gibbons", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#record-header")).ToContainTextAsync("Initrode");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("lead-converted-contact"), FullPage = true });

        // The lead remembers what it became.
        await page.GotoAsync("/leads?status=converted");
        await page.Locator("tbody tr", new() { HasText = "Peter Gibbons" }).GetByRole(AriaRole.Link, new() { Name = "Peter Gibbons" }).ClickAsync();
        await Expect(page.Locator("[data-testid='lead-status']")).ToHaveTextAsync("Converted");
        await Expect(page.Locator(".alert-ok")).ToContainTextAsync("a deal");
    }

    [BrowserFact]
    public async Task Settings_pages_build_a_form_and_rules()
    {
        var owner = await server.SignUpAsync("Globex");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/settings/lead-forms");
        await page.GetByLabel("Form name").FillAsync("Newsletter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create form" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Share and embed" })).ToBeVisibleAsync();
        await Expect(page.Locator("#snippet-html")).ToContainTextAsync("name=\"website\"");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("lead-form-builder"), FullPage = true });
        await page.GotoAsync("/settings/lead-scoring");
        await page.GetByLabel("Value").FillAsync("VP");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Rule added");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("lead-scoring"), FullPage = true });
        await page.GotoAsync("/settings/lead-assignment");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Everyone");
        await page.GetByLabel("Olivia Owner").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Rule added");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("lead-assignment"), FullPage = true });
    }

    [BrowserFact]
    public async Task A_lead_custom_field_is_asked_on_the_form_edited_on_the_lead_page_and_the_converted_deal_shows_on_the_contact()
    {
        var owner = await server.SignUpAsync("Umbrella");
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/custom-fields", new { entity = "lead", key = "budget", label = "Budget", type = "number" });
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/custom-fields", new { entity = "lead", key = "interest", label = "Interest", type = "singleSelect", options = new[] { "CRM", "Support" } });
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/pipelines", new
        {
            name = "New business", stages = new object[] { new { name = "Qualification", probability = 10, type = "open" }, new { name = "Won", probability = 100, type = "won" }, new { name = "Lost", probability = 0, type = "lost" } },
        });
        var form = await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/forms", new
        {
            name = "Talk to sales",
            fields = new object[] { new { key = "email", required = true }, new { key = "lastName" }, new { key = "customFields.budget", label = "Your budget" }, new { key = "customFields.interest", required = true } },
        });
        var formId = form.GetProperty("id").GetString();

        var visitor = await server.NewPageAsync();
        await visitor.GotoAsync($"/f/{formId}");
        await visitor.GetByLabel("E-mail").FillAsync("alice@umbrella.example");
        await visitor.GetByLabel("Last name").FillAsync("Abernathy");
        await visitor.GetByLabel("Your budget").FillAsync("25000");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor.Locator("[id='customFields.interest-error']")).ToContainTextAsync("required");
        await Expect(visitor.GetByLabel("Your budget")).ToHaveValueAsync("25000");
        await visitor.GetByLabel("Interest").SelectOptionAsync("Support");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor).ToHaveURLAsync(new Regex($"/f/{formId}/thanks$"));

        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/leads");
        await page.Locator("tbody tr", new() { HasText = "Abernathy" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByLabel("Budget")).ToHaveValueAsync("25000");
        await Expect(page.GetByLabel("Interest")).ToHaveValueAsync("Support");
        await page.GetByLabel("Budget").FillAsync("30000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Changes saved.");
        await Expect(page.GetByLabel("Budget")).ToHaveValueAsync("30000");
        await Expect(page.Locator(".lead-timeline")).ToContainTextAsync("Budget"); // the form's answers under the field's label, not "customFields.budget"
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("lead-custom-fields"), FullPage = true });

        // Convert with a deal: the contact's page lists the deal in its Deals card.
        await page.GetByLabel("Create a deal").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Convert lead" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts/[0-9a-f-]{36}"));
        await Expect(page.Locator("#related-deals .related-list")).ToContainTextAsync("Qualification", new() { Timeout = 15_000 });
        await Expect(page.Locator("#related-deals .related-list li")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("contact-deals-card"), FullPage = true });
        await page.Context.CloseAsync();
        await visitor.Context.CloseAsync();
    }
}
