using System.Net;
using System.Text.Json;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;
using static Rapport.Tests.Leads.LeadsApiTests;

namespace Rapport.Tests.Leads;

public class LeadAssignmentTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Rules_assign_by_territory_round_robin_and_load_and_say_so_in_the_audit(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var team = (await (await api.PostJsonAsync("/api/v1/teams", new { name = "Inside sales" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var ana = await AddMemberAsync(api, "Ana", team);
        var ben = await AddMemberAsync(api, "Ben", team);
        var cy = await AddMemberAsync(api, "Cy", team);

        var eu = await (await api.PostJsonAsync("/api/v1/assignment-rules", new
        {
            name = "EU web leads", criteria = new object[] { new { field = "country", @operator = "in", value = new[] { "FR", "DE" } }, new { field = "source", @operator = "equals", value = "web" } },
            method = "territory", territories = new[] { new { country = "FR", region = (string?)null, userId = ana }, new { country = "DE", region = (string?)null, userId = ben } },
        })).ShouldBeAsync(HttpStatusCode.Created);
        eu.GetProperty("position").GetInt32().ShouldBe(1);
        await (await api.PostJsonAsync("/api/v1/assignment-rules", new { name = "Web round robin", criteria = new[] { new { field = "source", @operator = "equals", value = "web" } }, method = "roundRobin", teamId = team }))
            .ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/assignment-rules", new { name = "Events by load", criteria = new[] { new { field = "source", @operator = "equals", value = "event" } }, method = "leastLoaded", userIds = new[] { ben, cy } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var bad = await (await api.PostJsonAsync("/api/v1/assignment-rules", new { name = "", method = "random", criteria = new[] { new { field = "x", @operator = "is" } }, userIds = new[] { Guid.NewGuid() } }))
            .ShouldBeAsync(HttpStatusCode.BadRequest);
        foreach (var f in new[] { "name", "method", "criteria[0].field", "criteria[0].operator", "userIds[0]" }) bad.GetProperty("errors").TryGetProperty(f, out _).ShouldBeTrue(f);
        await (await api.PostJsonAsync("/api/v1/assignment-rules", new { name = "Empty", method = "territory" })).ShouldBeAsync(HttpStatusCode.BadRequest);

        async Task<JsonElement> Lead(object body) => await (await api.PostJsonAsync("/api/v1/leads", body)).ShouldBeAsync(HttpStatusCode.Created);
        var fr = await Lead(new { lastName = "Dupont", country = "FR", source = "web" });
        fr.GetProperty("ownerId").GetString().ShouldBe(ana);
        fr.GetProperty("assignedByRule").GetString().ShouldBe("EU web leads");
        var owners = new List<string?>();
        for (var i = 0; i < 4; i++) owners.Add((await Lead(new { lastName = $"Smith {i}", country = "US", source = "web" })).GetProperty("ownerId").GetString());
        owners.ShouldBe([ana, ben, cy, ana]); // the team in membership order, taking turns
        // Load now: Ana 3, Ben 1, Cy 1 → Ben (first of the tie), then Cy.
        (await Lead(new { lastName = "Expo 1", source = "event" })).GetProperty("ownerId").GetString().ShouldBe(ben);
        (await Lead(new { lastName = "Expo 2", source = "event" })).GetProperty("ownerId").GetString().ShouldBe(cy);
        // No rule matches: the caller keeps it.
        (await Lead(new { lastName = "Walk-in", source = "phone" })).GetProperty("ownerId").GetString().ShouldBe(owner.UserId.ToString());

        var audit = await (await api.GetAsync($"/api/v1/audit?entityId={fr.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        audit.GetRawText().ShouldContain("EU web leads");
        var timeline = await (await api.GetAsync($"/api/v1/leads/{fr.GetProperty("id").GetString()}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        timeline.GetProperty("items").EnumerateArray().ShouldContain(i => i.GetProperty("title").GetString() == "Assigned to Ana by rule 'EU web leads'");

        // On demand: a lead given to someone by hand, then run through the rules; and in bulk.
        var manual = await Lead(new { lastName = "Müller", country = "DE", source = "web", ownerId = cy });
        manual.GetProperty("ownerId").GetString().ShouldBe(cy);
        manual.GetProperty("assignedByRule").ValueKind.ShouldBe(JsonValueKind.Null);
        var assigned = await (await api.PostAsync($"/api/v1/leads/{manual.GetProperty("id").GetString()}/assign", null)).ShouldBeAsync(HttpStatusCode.OK);
        assigned.GetProperty("ownerId").GetString().ShouldBe(ben);
        assigned.GetProperty("rule").GetString().ShouldBe("EU web leads");
        var bulk = await (await api.PostJsonAsync("/api/v1/leads/assign", new { ids = new[] { fr.GetProperty("id").GetString(), manual.GetProperty("id").GetString() } })).ShouldBeAsync(HttpStatusCode.OK);
        bulk.GetProperty("items").GetArrayLength().ShouldBe(2);
        await (await api.PostJsonAsync("/api/v1/leads/assign", new { ids = Array.Empty<string>() })).ShouldBeAsync(HttpStatusCode.BadRequest);

        var rules = await (await api.GetAsync("/api/v1/assignment-rules")).ShouldBeAsync(HttpStatusCode.OK);
        rules.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["EU web leads", "Web round robin", "Events by load"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Round_robin_never_gives_two_concurrent_arrivals_the_same_turn(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var users = new List<string>();
        for (var i = 0; i < 3; i++) users.Add(await AddMemberAsync(api, $"Rep{i}"));
        await (await api.PostJsonAsync("/api/v1/assignment-rules", new { name = "All", method = "roundRobin", userIds = users })).ShouldBeAsync(HttpStatusCode.Created);
        var turns = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var client = app.ApiClient(owner.ApiKey);
            for (var attempt = 0; ; attempt++)
            {
                var r = await client.PostJsonAsync("/api/v1/leads", new { lastName = $"Lead {i}" });
                if (r.StatusCode == HttpStatusCode.Created || attempt > 20) return (await r.ShouldBeAsync(HttpStatusCode.Created)).GetProperty("ownerId").GetString();
                await Task.Delay(50); // SQLite may answer "busy" under parallel writers: the client retries
            }
        }));
        turns.GroupBy(t => t).Select(g => g.Count()).ShouldAllBe(c => c == 4);
    }
}
