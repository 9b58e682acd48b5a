using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Data;
using Rapport.Leads.Features;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Leads;

public class LeadsApiTests(SharedApps apps) : SharedAppTests(apps)
{
    public static async Task<string> AddMemberAsync(HttpClient api, string name, string? teamId = null, string role = "sales")
    {
        var u = await (await api.PostJsonAsync("/api/v1/users", new { email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com", name, role, password = "correct horse battery", teamId }))
            .ShouldBeAsync(HttpStatusCode.Created);
        return u.GetProperty("id").GetString()!;
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_lead_is_created_read_patched_listed_and_deleted(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);

        var created = await api.PostJsonAsync("/api/v1/leads", new
        {
            firstName = "Grace", lastName = "Hopper", email = "Grace@Navy.example", phone = "(415) 555-0100", company = "Navy", title = "Rear Admiral",
            website = "https://navy.example", employees = 5000, country = "us", region = "VA", city = "Arlington", source = "event", campaign = "Expo 2026",
        });
        var l = await created.ShouldBeAsync(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldStartWith("/api/v1/leads/");
        l.GetProperty("email").GetString().ShouldBe("grace@navy.example");
        l.GetProperty("phone").GetString().ShouldBe("+14155550100");
        l.GetProperty("country").GetString().ShouldBe("US");
        l.GetProperty("status").GetString().ShouldBe("new");
        l.GetProperty("score").GetInt32().ShouldBe(0);
        l.GetProperty("ownerId").GetString().ShouldBe(owner.UserId.ToString()); // no rule: the caller
        var id = l.GetProperty("id").GetString();

        var get = await api.GetAsync($"/api/v1/leads/{id}");
        await get.ShouldBeAsync(HttpStatusCode.OK);
        var etag = get.Headers.ETag!.ToString();
        var patched = await (await api.PatchJsonAsync($"/api/v1/leads/{id}", new { status = "disqualified", disqualifiedReason = "No budget" }, etag)).ShouldBeAsync(HttpStatusCode.OK);
        patched.GetProperty("status").GetString().ShouldBe("disqualified");
        patched.GetProperty("disqualifiedReason").GetString().ShouldBe("No budget");
        patched.GetProperty("company").GetString().ShouldBe("Navy");
        await (await api.PatchJsonAsync($"/api/v1/leads/{id}", new { title = "Lost" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        var working = await (await api.PatchJsonAsync($"/api/v1/leads/{id}", new { status = "working" })).ShouldBeAsync(HttpStatusCode.OK);
        working.GetProperty("disqualifiedReason").ValueKind.ShouldBe(JsonValueKind.Null);

        await api.PostJsonAsync("/api/v1/leads", new { firstName = "Alan", lastName = "Turing", email = "alan@example.org", source = "web" });
        await api.PostJsonAsync("/api/v1/leads", new { company = "Initech", source = "web" });
        var list = await (await api.GetAsync("/api/v1/leads?source=web&sort=company&limit=1")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("items").GetArrayLength().ShouldBe(1);
        list.GetProperty("items")[0].GetProperty("company").GetString().ShouldBe("Initech");
        var next = list.GetProperty("nextCursor").GetString();
        var page2 = await (await api.GetAsync($"/api/v1/leads?source=web&sort=company&limit=1&cursor={next}")).ShouldBeAsync(HttpStatusCode.OK);
        page2.GetProperty("items")[0].GetProperty("lastName").GetString().ShouldBe("Turing"); // null company sorts last
        (await (await api.GetAsync("/api/v1/leads?q=gra")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(1);
        (await (await api.GetAsync("/api/v1/leads?status=working,new&sort=-score")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(3);
        (await (await api.GetAsync($"/api/v1/leads?ownerId=me")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(3);

        await (await api.DeleteAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        var trash = await (await api.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        trash.GetProperty("items").EnumerateArray().ShouldContain(t => t.GetProperty("title").GetString() == "Grace Hopper");
        var audit = await (await api.GetAsync($"/api/v1/audit?entityId={id}")).ShouldBeAsync(HttpStatusCode.OK);
        audit.GetProperty("items").GetArrayLength().ShouldBeGreaterThanOrEqualTo(3);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_input_is_a_400_naming_the_fields_and_other_workspaces_get_404(DatabaseProvider provider)
    {
        var app = App(provider);
        var a = await app.SignUpAsync("A");
        var b = await app.SignUpAsync("B");
        using var apiA = app.ApiClient(a.ApiKey);
        using var apiB = app.ApiClient(b.ApiKey);
        var bad = await (await apiA.PostJsonAsync("/api/v1/leads", new { email = "nope", phone = "abc", country = "France", status = "converted", employees = -3, score = 50, colour = "red", website = "not a site" }))
            .ShouldBeAsync(HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        foreach (var f in new[] { "email", "phone", "country", "status", "employees", "score", "colour", "website" })
            errors.TryGetProperty(f, out _).ShouldBeTrue(f);
        (await (await apiA.PostJsonAsync("/api/v1/leads", new { title = "CEO" })).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("lastName", out _).ShouldBeTrue();
        await (await apiA.GetAsync("/api/v1/leads?status=lost")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await apiA.GetAsync("/api/v1/leads?sort=colour")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await apiA.GetAsync("/api/v1/leads?cursor=garbage")).ShouldBeAsync(HttpStatusCode.BadRequest);

        var lead = await (await apiA.PostJsonAsync("/api/v1/leads", new { firstName = "Secret", lastName = "Lead" })).ShouldBeAsync(HttpStatusCode.Created);
        var id = lead.GetProperty("id").GetString();
        await (await apiB.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.PatchJsonAsync($"/api/v1/leads/{id}", new { title = "x" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.PostJsonAsync($"/api/v1/leads/{id}/convert", new { })).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await apiB.GetAsync("/api/v1/leads")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_sales_rep_with_own_visibility_sees_only_their_leads_and_unowned_ones(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PatchJsonAsync("/api/v1/workspace", new { recordVisibility = new { sales = "own" } })).ShouldBeAsync(HttpStatusCode.OK);
        var rep = await AddMemberAsync(api, "Rita");
        var mine = await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Mine" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Hers", ownerId = rep })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Nobody's", ownerId = (string?)null })).ShouldBeAsync(HttpStatusCode.Created);
        var (seen, hidden) = await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            sp.GetRequiredService<RequestContext>().Set(owner.WorkspaceId, "sales", userId: Guid.Parse(rep));
            var list = await sp.GetRequiredService<ListLeads>().HandleAsync(new ListLeads.Query(null, null, "lastName", []), default);
            var hidden = await Should.ThrowAsync<NotFoundException>(() => sp.GetRequiredService<GetLead>().HandleAsync(Guid.Parse(mine.GetProperty("id").GetString()!), default));
            return (list.Items.Select(i => i.LastName).ToList(), hidden);
        });
        seen.ShouldBe(["Hers", "Nobody's"]);
    }
}

public class LeadSearchTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Leads_are_found_by_name_company_email_and_phone_until_converted(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var lead = await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Zebulon", lastName = "Quint", company = "Quasar Labs", email = "zq@quasar.example", phone = "+1 415 555 0199" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var id = lead.GetProperty("id").GetString();
        foreach (var q in new[] { "zebulon", "quasar", "zq@quasar.example", "4155550199" })
        {
            var found = await (await api.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}")).ShouldBeAsync(HttpStatusCode.OK);
            found.GetProperty("items").EnumerateArray().ShouldContain(i => i.GetProperty("type").GetString() == "lead" && i.GetProperty("id").GetString() == id, q);
        }
        await (await api.PatchJsonAsync($"/api/v1/leads/{id}", new { lastName = "Quill" })).ShouldBeAsync(HttpStatusCode.OK);
        (await (await api.GetAsync("/api/v1/search?q=quill")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(1);
        await (await api.PostJsonAsync($"/api/v1/leads/{id}/convert", new { })).ShouldBeAsync(HttpStatusCode.OK);
        var after = await (await api.GetAsync("/api/v1/search?q=quill")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ShouldBe(["contact"]);
    }
}
