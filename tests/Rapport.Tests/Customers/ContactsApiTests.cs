using System.Net;
using System.Text.Json;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Customers;

public class ContactsApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task A_contact_is_created_read_patched_and_deleted_with_its_full_shape(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var account = await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex", domain = "https://www.Globex.com/about", tags = new[] { "enterprise" } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        account.GetProperty("domain").GetString().ShouldBe("globex.com");
        var accountId = account.GetProperty("id").GetString();

        var created = await api.PostJsonAsync("/api/v1/contacts", new
        {
            firstName = "Ada", lastName = "Lovelace", email = "Ada@Example.com", phone = "(415) 555-0100",
            emails = new[] { new { address = "ada.work@example.org", label = "work", primary = false } },
            addresses = new[] { new { label = "home", street = "1 Main St", city = "London", postcode = "N1", region = (string?)null, country = "gb" } },
            birthDate = "1815-12-10", jobTitle = "Analyst", social = new { linkedin = "ada" },
            lifecycleStage = "consideration", tags = new[] { "vip", "math" },
            accounts = new[] { new { accountId, role = "decisionMaker", title = "CTO" } },
            consent = new { email = new { status = "granted", source = "web form" } },
            externalId = "crm-1",
        });
        var c = await created.ShouldBeAsync(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldStartWith("/api/v1/contacts/");
        c.GetProperty("email").GetString().ShouldBe("ada@example.com");
        c.GetProperty("emails").GetArrayLength().ShouldBe(2);
        c.GetProperty("phone").GetString().ShouldBe("+14155550100");
        c.GetProperty("phones")[0].GetProperty("primary").GetBoolean().ShouldBeTrue();
        c.GetProperty("addresses")[0].GetProperty("country").GetString().ShouldBe("GB");
        c.GetProperty("birthDate").GetString().ShouldBe("1815-12-10");
        c.GetProperty("ownerId").GetString().ShouldBe(owner.UserId.ToString());
        c.GetProperty("lifecycleStage").GetString().ShouldBe("consideration");
        c.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["math", "vip"]);
        c.GetProperty("accounts")[0].GetProperty("role").GetString().ShouldBe("decisionMaker");
        c.GetProperty("consent").GetProperty("email").GetProperty("status").GetString().ShouldBe("granted");
        c.GetProperty("consent").GetProperty("sms").GetProperty("status").GetString().ShouldBe("unknown");
        c.GetProperty("customFields").ValueKind.ShouldBe(JsonValueKind.Object);
        var id = c.GetProperty("id").GetString();

        var get = await api.GetAsync($"/api/v1/contacts/{id}");
        await get.ShouldBeAsync(HttpStatusCode.OK);
        var etag = get.Headers.ETag!.ToString();
        var patched = await (await api.PatchJsonAsync($"/api/v1/contacts/{id}", new { lifecycleStage = "purchase", phone = "+44 20 7946 0958", tags = new[] { "vip" } }, etag))
            .ShouldBeAsync(HttpStatusCode.OK);
        patched.GetProperty("phone").GetString().ShouldBe("+442079460958");
        patched.GetProperty("tags").GetArrayLength().ShouldBe(1);
        patched.GetProperty("lastName").GetString().ShouldBe("Lovelace");
        await (await api.PatchJsonAsync($"/api/v1/contacts/{id}", new { jobTitle = "Lost" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);

        await (await api.DeleteAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.PostAsync($"/api/v1/trash/{id}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.GetAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_input_is_400_per_field(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var bad = await (await api.PostJsonAsync("/api/v1/contacts", new
        {
            firstName = "X", email = "not-an-email", phone = "12", lifecycleStage = "lost", birthDate = "2999-01-01", ownerId = Guid.NewGuid(),
            tags = new[] { "" }, customFields = new { nope = 1 }, colour = "red", accounts = new[] { new { accountId = Guid.NewGuid(), role = "boss" } },
        })).ShouldBeAsync(HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        foreach (var f in new[] { "email", "phone", "lifecycleStage", "birthDate", "ownerId", "tags[0]", "customFields.nope", "colour", "accounts[0].role", "accounts[0].accountId" })
            errors.TryGetProperty(f, out _).ShouldBeTrue(f);
        await (await api.PostJsonAsync("/api/v1/contacts", new { jobTitle = "Nobody" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        var list = await (await api.GetAsync("/api/v1/contacts")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("items").GetArrayLength().ShouldBe(0);
        await (await api.GetAsync("/api/v1/contacts?sort=shoe")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/contacts?colour=red")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/contacts?cursor=zzz")).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Custom_fields_are_validated_filtered_and_sorted_in_sql(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "shoeSize", label = "Shoe size", type = "number" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "plan", label = "Plan", type = "singleSelect", options = new[] { "Free", "Pro" } })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "hobbies", label = "Hobbies", type = "multiSelect", options = new[] { "golf", "chess" } })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "member", label = "Member", type = "boolean" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "badge", label = "Badge", type = "text", unique = true })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "renewal", label = "Renewal", type = "date" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "plan", label = "Again", type = "text" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "bad key", label = "X", type = "color" })).ShouldBeAsync(HttpStatusCode.BadRequest);

        var sizes = new[] { 36, 38, 41, 44 };
        foreach (var (size, i) in sizes.Select((s, i) => (s, i)))
            await (await api.PostJsonAsync("/api/v1/contacts", new
            {
                firstName = $"P{i}", lastName = $"L{i}", tags = i % 2 == 0 ? new[] { "even" } : new[] { "odd" },
                customFields = new Dictionary<string, object> { ["shoeSize"] = size, ["plan"] = i < 2 ? "pro" : "Free", ["hobbies"] = new[] { i == 3 ? "chess" : "golf" }, ["member"] = i == 1, ["badge"] = $"B{i}", ["renewal"] = $"2026-0{i + 1}-15" },
            })).ShouldBeAsync(HttpStatusCode.Created);

        var bad = await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Bad", customFields = new { shoeSize = "big", plan = "Gold", hobbies = new[] { "tennis" }, member = "yes", renewal = "15/01/2026" } }))
            .ShouldBeAsync(HttpStatusCode.BadRequest);
        foreach (var f in new[] { "customFields.shoeSize", "customFields.plan", "customFields.hobbies", "customFields.member", "customFields.renewal" })
            bad.GetProperty("errors").TryGetProperty(f, out _).ShouldBeTrue(f);
        var dup = await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Dup", customFields = new { badge = "B1" } })).ShouldBeAsync(HttpStatusCode.Conflict);
        dup.GetProperty("duplicates").GetArrayLength().ShouldBe(1);

        async Task<string[]> Names(string query) =>
            (await (await api.GetAsync("/api/v1/contacts?" + query)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(x => x.GetProperty("firstName").GetString()!).ToArray();

        (await Names("customFields.shoeSize.gt=37&sort=customFields.shoeSize")).ShouldBe(["P1", "P2", "P3"]);
        (await Names("customFields.shoeSize.gt=37&sort=-customFields.shoeSize")).ShouldBe(["P3", "P2", "P1"]);
        (await Names("customFields.shoeSize.lt=40&tag=even&sort=firstName")).ShouldBe(["P0"]);
        (await Names("customFields.plan=Pro&sort=firstName")).ShouldBe(["P0", "P1"]);
        (await Names("customFields.hobbies=chess")).ShouldBe(["P3"]);
        (await Names("customFields.member=true")).ShouldBe(["P1"]);
        (await Names("customFields.renewal.gt=2026-02-20&sort=customFields.renewal")).ShouldBe(["P2", "P3"]);
        (await Names("tag=odd&sort=-lastName")).ShouldBe(["P3", "P1"]);
        (await Names("tag=odd&tag=even")).ShouldBeEmpty();
        await (await api.GetAsync("/api/v1/contacts?customFields.shoeSize.gt=big")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/contacts?customFields.plan.gt=a")).ShouldBeAsync(HttpStatusCode.BadRequest);

        // Keyset paging through a custom-field sort visits every row once.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await api.GetAsync($"/api/v1/contacts?limit=1&sort=customFields.shoeSize{(cursor is null ? "" : "&cursor=" + cursor)}")).ShouldBeAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("firstName").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        seen.ShouldBe(["P0", "P1", "P2", "P3"]);
    }
}
