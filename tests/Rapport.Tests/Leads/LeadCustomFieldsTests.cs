using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Leads;

/// <summary>Custom fields on leads: typed values through the API, filters, web forms that ask for them, the lead page, and conversion carrying them to the contact.</summary>
public class LeadCustomFieldsTests(SharedApps apps) : SharedAppTests(apps)
{
    private static async Task DefineAsync(HttpClient api)
    {
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "lead", key = "budget", label = "Budget", type = "number" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "lead", key = "interest", label = "Interest", type = "singleSelect", options = new[] { "CRM", "Support", "Marketing" } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "lead", key = "badge", label = "Badge number", type = "text", unique = true })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "lead", key = "newsletter", label = "Newsletter", type = "boolean" })).ShouldBeAsync(HttpStatusCode.Created);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lead_custom_fields_are_validated_stored_filtered_and_unique(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await DefineAsync(api);

        var lead = await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Ada", email = "ada@example.org", customFields = new { budget = 12000, interest = "crm", badge = "B-1" } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var cf = lead.GetProperty("customFields");
        cf.GetProperty("budget").GetDecimal().ShouldBe(12000m);
        cf.GetProperty("interest").GetString().ShouldBe("CRM"); // stored as the option's own spelling
        var id = lead.GetProperty("id").GetString();

        var bad = await api.PostJsonAsync("/api/v1/leads", new { firstName = "Bob", customFields = new { budget = "lots", interest = "Sales", nope = 1 } });
        var problem = await bad.ShouldBeAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("customFields.budget", out _).ShouldBeTrue();
        errors.TryGetProperty("customFields.interest", out _).ShouldBeTrue();
        errors.TryGetProperty("customFields.nope", out _).ShouldBeTrue();

        var clash = await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Cy", customFields = new { badge = "B-1" } })).ShouldBeAsync(HttpStatusCode.Conflict);
        clash.GetProperty("duplicates")[0].GetString().ShouldBe(id);

        await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Dee", customFields = new { budget = 500 } })).ShouldBeAsync(HttpStatusCode.Created);
        var big = await (await api.GetAsync("/api/v1/leads?customFields.budget.gt=1000")).ShouldBeAsync(HttpStatusCode.OK);
        big.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetString()).ShouldBe([id]);
        var crm = await (await api.GetAsync("/api/v1/leads?customFields.interest=CRM")).ShouldBeAsync(HttpStatusCode.OK);
        crm.GetProperty("items").GetArrayLength().ShouldBe(1);
        await (await api.GetAsync("/api/v1/leads?customFields.interest.gt=A")).ShouldBeAsync(HttpStatusCode.BadRequest);

        var patched = await (await api.PatchJsonAsync($"/api/v1/leads/{id}", new { customFields = new { budget = (int?)null, newsletter = true } })).ShouldBeAsync(HttpStatusCode.OK);
        patched.GetProperty("customFields").TryGetProperty("budget", out _).ShouldBeFalse();
        patched.GetProperty("customFields").GetProperty("newsletter").GetBoolean().ShouldBeTrue();
        patched.GetProperty("customFields").GetProperty("interest").GetString().ShouldBe("CRM");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_web_form_asks_for_lead_custom_fields_and_conversion_carries_them_to_the_contact(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await DefineAsync(api);
        // The contact has a "budget" number field too (carried) and an "interest" text field (another type: not carried).
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "budget", label = "Budget", type = "number" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "interest", label = "Interest", type = "text" })).ShouldBeAsync(HttpStatusCode.Created);

        await (await api.PostJsonAsync("/api/v1/forms", new { name = "Bad", fields = new[] { new { key = "customFields.unknown" } } })).ShouldBeAsync(HttpStatusCode.BadRequest);
        var form = await (await api.PostJsonAsync("/api/v1/forms", new
        {
            name = "Demo request",
            fields = new object[]
            {
                new { key = "email", required = true }, new { key = "firstName" },
                new { key = "customFields.budget", label = "Your budget", type = "text" },
                new { key = "customFields.interest", required = true }, new { key = "customFields.newsletter" },
            },
        })).ShouldBeAsync(HttpStatusCode.Created);
        var fields = form.GetProperty("fields");
        fields[2].GetProperty("type").GetString().ShouldBe("number"); // a custom field's input follows its type
        fields[2].GetProperty("label").GetString().ShouldBe("Your budget");
        fields[3].GetProperty("type").GetString().ShouldBe("select");
        fields[3].GetProperty("options").EnumerateArray().Select(o => o.GetString()).ShouldBe(["CRM", "Support", "Marketing"]);
        fields[4].GetProperty("type").GetString().ShouldBe("checkbox");
        var formId = form.GetProperty("id").GetString();

        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await (await browser.GetAsync($"/f/{formId}")).Content.ReadAsStringAsync();
        page.ShouldContain("name=\"customFields.interest\"");
        page.ShouldContain("<option value=\"Support\"");
        page.ShouldContain("type=\"checkbox\" id=\"f-customFields.newsletter\"");

        var url = $"/api/v1/forms/{formId}/submissions";
        var invalid = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            { ["email"] = "zoe@initech.example", ["customFields.budget"] = "a lot", ["customFields.interest"] = "" }));
        invalid.StatusCode.ShouldBe((HttpStatusCode)422);
        var html = await invalid.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"customFields.budget-error\"");
        html.ShouldContain("id=\"customFields.interest-error\"");

        var posted = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            { ["email"] = "zoe@initech.example", ["firstName"] = "Zoe", ["customFields.budget"] = "25000", ["customFields.interest"] = "Support", ["customFields.newsletter"] = "true" }));
        posted.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var lead = (await (await api.GetAsync("/api/v1/leads")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Single();
        lead.GetProperty("customFields").GetProperty("budget").GetDecimal().ShouldBe(25000m);
        lead.GetProperty("customFields").GetProperty("interest").GetString().ShouldBe("Support");
        lead.GetProperty("customFields").GetProperty("newsletter").GetBoolean().ShouldBeTrue();

        var converted = await (await api.PostJsonAsync($"/api/v1/leads/{lead.GetProperty("id").GetString()}/convert", new { })).ShouldBeAsync(HttpStatusCode.OK);
        var contact = await (await api.GetAsync($"/api/v1/contacts/{converted.GetProperty("contactId").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        contact.GetProperty("customFields").GetProperty("budget").GetDecimal().ShouldBe(25000m);
        contact.GetProperty("customFields").TryGetProperty("interest", out _).ShouldBeFalse();

        // A required lead field the form does not ask for: a clear 400 naming it, nothing stored.
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "lead", key = "region2", label = "Sales region", type = "text", required = true })).ShouldBeAsync(HttpStatusCode.Created);
        var refused = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["email"] = "max@hooli.example", ["customFields.interest"] = "CRM" }), Encoding.UTF8, "application/json"),
        });
        var refusal = await refused.ShouldBeAsync(HttpStatusCode.BadRequest);
        refusal.GetProperty("errors").GetProperty("email")[0].GetString()!.ShouldContain("Sales region is required");
        (await (await api.GetAsync("/api/v1/leads")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_lead_pages_edit_custom_fields_and_settings_offers_lead_fields(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await DefineAsync(api);
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var settings = await (await ui.GetAsync("/settings/custom-fields")).Content.ReadAsStringAsync();
        settings.ShouldContain("Lead fields");
        settings.ShouldContain("<option value=\"lead\"");
        (await (await ui.GetAsync("/settings/lead-forms")).Content.ReadAsStringAsync()).ShouldContain("customFields.budget");

        var bad = await ui.SubmitFormAsync("/leads/new", "/leads", new() { ["firstName"] = "Ida", ["customFields.budget"] = "plenty" });
        bad.StatusCode.ShouldBe((HttpStatusCode)422);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("value=\"plenty\"");
        var created = await ui.SubmitFormAsync("/leads/new", "/leads", new() { ["firstName"] = "Ida", ["customFields.budget"] = "900", ["customFields.interest"] = "Marketing", ["customFields.newsletter"] = "false" });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var lead = (await (await api.GetAsync("/api/v1/leads")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Single();
        lead.GetProperty("customFields").GetProperty("budget").GetDecimal().ShouldBe(900m);
        lead.GetProperty("customFields").GetProperty("interest").GetString().ShouldBe("Marketing");
        lead.GetProperty("customFields").GetProperty("newsletter").GetBoolean().ShouldBeFalse();
        var leadUrl = $"/leads/{lead.GetProperty("id").GetString()}";
        var edited = await ui.SubmitFormAsync(leadUrl, leadUrl, new() { ["firstName"] = "Ida", ["customFields.budget"] = "1500", ["customFields.interest"] = "CRM", ["customFields.newsletter"] = "true" });
        edited.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await (await api.GetAsync($"/api/v1/leads/{lead.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("customFields").GetProperty("budget").GetDecimal().ShouldBe(1500m);
        after.GetProperty("customFields").GetProperty("newsletter").GetBoolean().ShouldBeTrue();
        (await (await ui.GetAsync(leadUrl)).Content.ReadAsStringAsync()).ShouldContain("value=\"1500\"");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Scoring_and_assignment_rules_can_test_lead_custom_fields(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await DefineAsync(api);
        var ana = await LeadsApiTests.AddMemberAsync(api, "Ana");
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "customFields.budget", @operator = "greaterThan", value = "10000", points = 20 })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "customFields.newsletter", @operator = "equals", value = "true", points = 3 })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/assignment-rules", new
        {
            name = "CRM interest", criteria = new[] { new { field = "customFields.interest", @operator = "equals", value = "crm" } }, method = "roundRobin", userIds = new[] { ana },
        })).ShouldBeAsync(HttpStatusCode.Created);
        var bad = await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "customFields.9x", @operator = "equals", value = "1", points = 1 })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("field", out _).ShouldBeTrue();

        var rich = await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Rich", customFields = new { budget = 12000, interest = "CRM", newsletter = true } })).ShouldBeAsync(HttpStatusCode.Created);
        rich.GetProperty("score").GetInt32().ShouldBe(23);
        rich.GetProperty("ownerId").GetString().ShouldBe(ana);
        rich.GetProperty("assignedByRule").GetString().ShouldBe("CRM interest");
        var lines = (await (await api.GetAsync($"/api/v1/leads/{rich.GetProperty("id").GetString()}/score")).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()).ToList();
        lines.ShouldContain("+20 budget greater than 10000");

        var modest = await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Modest", customFields = new { budget = 900, interest = "Support" } })).ShouldBeAsync(HttpStatusCode.Created);
        modest.GetProperty("score").GetInt32().ShouldBe(0);
        modest.GetProperty("ownerId").GetString().ShouldBe(owner.UserId.ToString());
        // Raising the budget rescores the lead.
        var raised = await (await api.PatchJsonAsync($"/api/v1/leads/{modest.GetProperty("id").GetString()}", new { customFields = new { budget = 50000 } })).ShouldBeAsync(HttpStatusCode.OK);
        raised.GetProperty("score").GetInt32().ShouldBe(20);
    }
}
