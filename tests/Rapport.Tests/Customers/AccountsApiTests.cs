using System.Net;
using Rapport.Data;
using Rapport.Tests.Activities;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Customers;

public class AccountsApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Accounts_have_parents_tags_revenue_and_their_contacts(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var parent = await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Initech Holding", domain = "initech.com", industry = "Software", size = "1001-5000", annualRevenue = 125000000.50m, phone = "+1 212 555 0100" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var parentId = parent.GetProperty("id").GetString()!;
        parent.GetProperty("annualRevenue").GetDecimal().ShouldBe(125000000.50m);
        parent.GetProperty("phone").GetString().ShouldBe("+12125550100");
        var child = await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Initech Europe", parentAccountId = parentId, tags = new[] { "emea" }, annualRevenue = 9000000 }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var childId = child.GetProperty("id").GetString()!;

        // No cycles, no self-parenting, bad values are 400s.
        await (await api.PatchJsonAsync($"/api/v1/accounts/{parentId}", new { parentAccountId = childId })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PatchJsonAsync($"/api/v1/accounts/{parentId}", new { parentAccountId = parentId })).ShouldBeAsync(HttpStatusCode.BadRequest);
        var bad = await (await api.PostJsonAsync("/api/v1/accounts", new { name = "", domain = "not a domain", size = "huge", annualRevenue = -1 })).ShouldBeAsync(HttpStatusCode.BadRequest);
        foreach (var f in new[] { "name", "domain", "size", "annualRevenue" }) bad.GetProperty("errors").TryGetProperty(f, out _).ShouldBeTrue(f);

        // Filters and sorts.
        async Task<string[]> Names(string q) => (await (await api.GetAsync("/api/v1/accounts?" + q)).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray();
        (await Names($"parentAccountId={parentId}")).ShouldBe(["Initech Europe"]);
        (await Names("sort=-annualRevenue")).ShouldBe(["Initech Holding", "Initech Europe"]);
        (await Names("sort=annualRevenue")).ShouldBe(["Initech Europe", "Initech Holding"]);
        (await Names("tag=emea")).ShouldBe(["Initech Europe"]);
        (await Names("q=initech.c")).ShouldBe(["Initech Holding"]);
        (await Names("industry=Software")).ShouldBe(["Initech Holding"]);

        // Contacts by account, with roles.
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Bill", lastName = "Lumbergh", accounts = new[] { new { accountId = childId, role = "billing", title = "VP" } } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var byAccount = await (await api.GetAsync($"/api/v1/contacts?accountId={childId}")).ShouldBeAsync(HttpStatusCode.OK);
        byAccount.GetProperty("items")[0].GetProperty("accounts")[0].GetProperty("role").GetString().ShouldBe("billing");

        // Delete the parent: the child stays; restore brings it back.
        await (await api.DeleteAsync($"/api/v1/accounts/{parentId}")).ShouldBeAsync(HttpStatusCode.NoContent);
        (await Names("")).ShouldBe(["Initech Europe"]);
        await (await api.PostAsync($"/api/v1/trash/{parentId}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        (await Names("sort=name")).ShouldBe(["Initech Europe", "Initech Holding"]);
        var history = await (await api.GetAsync($"/api/v1/accounts/{parentId}/history")).ShouldBeAsync(HttpStatusCode.OK);
        history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()).ShouldContain("restored");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Account_custom_fields_filter_like_contacts(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "account", key = "contractValue", label = "Contract value", type = "currency", currency = "EUR" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "account", key = "tier", label = "Tier", type = "text" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Small", customFields = new { contractValue = 1000, tier = "b" } })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Large", customFields = new { contractValue = 250000.5, tier = "a" } })).ShouldBeAsync(HttpStatusCode.Created);
        var big = await (await api.GetAsync("/api/v1/accounts?customFields.contractValue.gt=5000")).ShouldBeAsync(HttpStatusCode.OK);
        big.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ShouldBe(["Large"]);
        var sorted = await (await api.GetAsync("/api/v1/accounts?sort=customFields.contractValue")).ShouldBeAsync(HttpStatusCode.OK);
        sorted.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ShouldBe(["Small", "Large"]);
        // Text fields have no order: .gt is refused, as it is for contacts.
        var bad = await (await api.GetAsync("/api/v1/accounts?customFields.tier.gt=a")).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("customFields.tier.gt", out _).ShouldBeTrue();
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_account_list_filters_by_owner_like_contacts_and_leads(DatabaseProvider provider)
    {
        // One filter builder (RecordFilters): accounts' ownerId takes the same comma list of ids, "me" and "none".
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var rep = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Rita Rep");
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Mine" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Rita's", ownerId = rep.UserId })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Nobody's", ownerId = (Guid?)null })).ShouldBeAsync(HttpStatusCode.Created);
        async Task<string[]> Names(string query) => (await (await api.GetAsync($"/api/v1/accounts?sort=name&{query}")).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray();
        (await Names("ownerId=me")).ShouldBe(["Mine"]);
        (await Names($"ownerId={rep.UserId}")).ShouldBe(["Rita's"]);
        (await Names($"ownerId=me,{rep.UserId}")).ShouldBe(["Mine", "Rita's"]);
        (await Names("ownerId=none")).ShouldBe(["Nobody's"]);
        var bad = await (await api.GetAsync("/api/v1/accounts?ownerId=someone")).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").GetProperty("ownerId")[0].GetString().ShouldBe("Must be user ids, \"me\" or \"none\".");
        (await (await api.GetAsync("/api/v1/accounts?colour=red")).ShouldBeAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("colour")[0].GetString().ShouldBe("Unknown filter.");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_workspace_sees_nothing(DatabaseProvider provider)
    {
        var app = App(provider);
        var a = await app.SignUpAsync("A");
        var b = await app.SignUpAsync("B");
        using var apiA = app.ApiClient(a.ApiKey);
        using var apiB = app.ApiClient(b.ApiKey);
        var acc = (await (await apiA.PostJsonAsync("/api/v1/accounts", new { name = "Secret" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await apiB.PostJsonAsync("/api/v1/contacts", new { firstName = "X", accounts = new[] { new { accountId = acc } } })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await apiB.PostJsonAsync("/api/v1/accounts", new { name = "Child", parentAccountId = acc })).ShouldBeAsync(HttpStatusCode.BadRequest);
        (await (await apiB.GetAsync("/api/v1/accounts")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(0);
        await (await apiB.GetAsync($"/api/v1/accounts/{acc}/history")).ShouldBeAsync(HttpStatusCode.NotFound);
    }
}
