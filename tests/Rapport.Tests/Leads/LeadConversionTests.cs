using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Leads;

public class LeadConversionTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task A_lead_becomes_a_contact_and_an_account_without_duplicates_and_its_history_follows(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var globex = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex", domain = "globex.example" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var initech = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Initech" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var ada = (await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace", email = "ada@example.com" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        async Task<string> Lead(object body) => (await (await api.PostJsonAsync("/api/v1/leads", body)).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        async Task<JsonElement> Convert(string id, object? body = null) => await (await api.PostJsonAsync($"/api/v1/leads/{id}/convert", body ?? new { })).ShouldBeAsync(HttpStatusCode.OK);

        // By domain (the e-mail's), with its history and consent.
        var formId = (await (await api.PostJsonAsync("/api/v1/forms", new { name = "Demo request", fields = new[] { new { key = "email", label = "E-mail", type = "email", required = true }, new { key = "lastName", label = "Name", type = "text", required = false }, new { key = "company", label = "Company", type = "text", required = false } }, consentText = "News please" }))
            .ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        using var anon = app.CreateClient();
        await (await anon.PostJsonAsync($"/api/v1/forms/{formId}/submissions", new { email = "jane@globex.example", lastName = "Doe", company = "Globex Corporation", consent = true })).ShouldBeAsync(HttpStatusCode.Accepted);
        var jane = (await (await api.GetAsync("/api/v1/leads?q=jane")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetString()!;
        await (await api.PostJsonAsync($"/api/v1/leads/{jane}/events", new { type = "webVisit", detail = "/pricing" })).ShouldBeAsync(HttpStatusCode.Created);
        var r1 = await Convert(jane);
        r1.GetProperty("accountId").GetString().ShouldBe(globex);
        r1.GetProperty("dealId").ValueKind.ShouldBe(JsonValueKind.Null);
        var janeContact = r1.GetProperty("contactId").GetString();
        var contact = await (await api.GetAsync($"/api/v1/contacts/{janeContact}")).ShouldBeAsync(HttpStatusCode.OK);
        contact.GetProperty("lastName").GetString().ShouldBe("Doe");
        contact.GetProperty("accounts")[0].GetProperty("accountId").GetString().ShouldBe(globex);
        contact.GetProperty("consent").GetProperty("email").GetProperty("status").GetString().ShouldBe("granted");
        var timeline = await (await api.GetAsync($"/api/v1/contacts/{janeContact}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        var types = timeline.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();
        types.ShouldContain("formSubmission");
        types.ShouldContain("leadEvent");
        var lead = await (await api.GetAsync($"/api/v1/leads/{jane}")).ShouldBeAsync(HttpStatusCode.OK);
        lead.GetProperty("status").GetString().ShouldBe("converted");
        lead.GetProperty("convertedContactId").GetString().ShouldBe(janeContact);
        lead.GetProperty("convertedAccountId").GetString().ShouldBe(globex);
        await (await api.PostJsonAsync($"/api/v1/leads/{jane}/convert", new { })).ShouldBeAsync(HttpStatusCode.Conflict);
        await (await api.PatchJsonAsync($"/api/v1/leads/{jane}", new { status = "working" })).ShouldBeAsync(HttpStatusCode.BadRequest);

        // An existing contact by e-mail; an account by name (case ignored), a free-mail address gives no domain.
        var r2 = await Convert(await Lead(new { firstName = "Ada", lastName = "L.", email = "ADA@example.com", company = "INITECH" }));
        r2.GetProperty("contactId").GetString().ShouldBe(ada);
        r2.GetProperty("contactExisted").GetBoolean().ShouldBeTrue();
        r2.GetProperty("accountId").GetString().ShouldBe(initech);
        var r3 = await Convert(await Lead(new { firstName = "Sam", lastName = "Solo", email = "sam@gmail.com", company = "Hooli" }));
        r3.GetProperty("accountExisted").GetBoolean().ShouldBeFalse();
        var hooli = await (await api.GetAsync($"/api/v1/accounts/{r3.GetProperty("accountId").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        hooli.GetProperty("name").GetString().ShouldBe("Hooli");
        hooli.GetProperty("domain").ValueKind.ShouldBe(JsonValueKind.Null);
        var r4 = await Convert(await Lead(new { firstName = "No", lastName = "Company", email = "no@yahoo.com" }));
        r4.GetProperty("accountId").ValueKind.ShouldBe(JsonValueKind.Null);
        (await (await api.GetAsync("/api/v1/contacts?limit=200")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(4); // Ada, Jane, Sam, No
        (await (await api.GetAsync("/api/v1/accounts?limit=200")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(3);

        // Disqualified: 409; bad deal options: 400.
        var dq = await Lead(new { lastName = "Nope", status = "disqualified", disqualifiedReason = "Student" });
        await (await api.PostJsonAsync($"/api/v1/leads/{dq}/convert", new { })).ShouldBeAsync(HttpStatusCode.Conflict);
        var other = await Lead(new { lastName = "Other" });
        await (await api.PostJsonAsync($"/api/v1/leads/{other}/convert", new { createDeal = false, amount = 5 })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync($"/api/v1/leads/{other}/convert", new { createDeal = "yes" })).ShouldBeAsync(HttpStatusCode.BadRequest);
    
    }

    [Theory, SqliteData, PostgresData]
    public async Task Conversion_can_create_a_deal_in_a_chosen_pipeline_and_a_bad_pipeline_changes_nothing(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var pipeline = await (await api.PostJsonAsync("/api/v1/pipelines", new { name = "New business", stages = new object[] { new { name = "Qualification", probability = 10, type = "open" }, new { name = "Won", probability = 100, type = "won" } } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var pipelineId = pipeline.GetProperty("id").GetString();
        var lead = (await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Rosa", lastName = "Parks", email = "rosa@acme-buses.example", company = "Acme Buses" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        var bad = await (await api.PostJsonAsync($"/api/v1/leads/{lead}/convert", new { createDeal = true, pipelineId = Guid.NewGuid(), dealName = "Fleet", amount = 1000 })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("pipelineId", out _).ShouldBeTrue();
        (await (await api.GetAsync("/api/v1/contacts")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await (await api.GetAsync($"/api/v1/leads/{lead}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("new");

        var r = await (await api.PostJsonAsync($"/api/v1/leads/{lead}/convert", new { createDeal = true, pipelineId, dealName = "Fleet renewal", amount = 25000.50 })).ShouldBeAsync(HttpStatusCode.OK);
        var dealId = r.GetProperty("dealId").GetString();
        var deal = await (await api.GetAsync($"/api/v1/deals/{dealId}")).ShouldBeAsync(HttpStatusCode.OK);
        deal.GetProperty("name").GetString().ShouldBe("Fleet renewal");
        deal.GetProperty("amount").GetDecimal().ShouldBe(25000.50m);
        deal.GetProperty("pipelineId").GetString().ShouldBe(pipelineId);
        deal.GetProperty("accountId").GetString().ShouldBe(r.GetProperty("accountId").GetString());
        deal.GetProperty("contacts")[0].GetProperty("contactId").GetString().ShouldBe(r.GetProperty("contactId").GetString());
        (await (await api.GetAsync($"/api/v1/leads/{lead}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("convertedDealId").GetString().ShouldBe(dealId);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Erasing_the_contact_erases_the_lead_it_came_from_and_its_submissions(DatabaseProvider provider)
    {
        // The test delivers the outbox itself (the background worker could hold the message's lease).
        await using var app = new RapportApp(provider, new() { ["Outbox:Enabled"] = "false" });
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var formId = (await (await api.PostJsonAsync("/api/v1/forms", new { name = "Demo", fields = new[] { new { key = "email", label = "E-mail", type = "email", required = true }, new { key = "lastName", label = "Name", type = "text", required = false } } }))
            .ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        using var anon = app.CreateClient();
        await (await anon.PostJsonAsync($"/api/v1/forms/{formId}/submissions", new { email = "erin@private.example", lastName = "Private" })).ShouldBeAsync(HttpStatusCode.Accepted);
        var lead = (await (await api.GetAsync("/api/v1/leads")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetString();
        var contactId = (await (await api.PostJsonAsync($"/api/v1/leads/{lead}/convert", new { })).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("contactId").GetString();

        await (await api.PostAsync($"/api/v1/contacts/{contactId}/erase", null)).ShouldBeAsync(HttpStatusCode.OK);
        await app.Services.GetRequiredService<Rapport.Platform.Outbox.OutboxDispatcher>().DispatchDueAsync();
        var erased = await (await api.GetAsync($"/api/v1/leads/{lead}")).ShouldBeAsync(HttpStatusCode.OK);
        erased.GetProperty("email").ValueKind.ShouldBe(JsonValueKind.Null);
        erased.GetProperty("lastName").GetString().ShouldBe("(erased)");
        var subs = await (await api.GetAsync($"/api/v1/forms/{formId}/submissions")).ShouldBeAsync(HttpStatusCode.OK);
        subs.GetRawText().ShouldNotContain("erin@private.example");
        (await (await api.GetAsync($"/api/v1/audit?entityId={lead}")).ShouldBeAsync(HttpStatusCode.OK)).GetRawText().ShouldNotContain("Private");
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_lead_is_erased_with_the_contact_in_the_same_transaction(DatabaseProvider provider)
    {
        // Leads is an erasure participant: no outbox delivery is needed for the lead to be anonymized.
        await using var app = new RapportApp(provider, new() { ["Outbox:Enabled"] = "false" });
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var lead = (await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Erin", lastName = "Private", email = "erin@private.example" }))
            .ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var contactId = (await (await api.PostJsonAsync($"/api/v1/leads/{lead}/convert", new { })).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("contactId").GetString();

        await (await api.PostAsync($"/api/v1/contacts/{contactId}/erase", null)).ShouldBeAsync(HttpStatusCode.OK);
        var erased = await (await api.GetAsync($"/api/v1/leads/{lead}")).ShouldBeAsync(HttpStatusCode.OK);
        erased.GetProperty("email").ValueKind.ShouldBe(JsonValueKind.Null);
        erased.GetProperty("lastName").GetString().ShouldBe("(erased)");
        (await (await api.GetAsync($"/api/v1/audit?entityId={lead}")).ShouldBeAsync(HttpStatusCode.OK)).GetRawText().ShouldNotContain("Private");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_deleted_lead_comes_back_from_the_trash(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var lead = (await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Back" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await api.DeleteAsync($"/api/v1/leads/{lead}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.PostAsync($"/api/v1/trash/{lead}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.GetAsync($"/api/v1/leads/{lead}")).ShouldBeAsync(HttpStatusCode.OK);
    }
}
