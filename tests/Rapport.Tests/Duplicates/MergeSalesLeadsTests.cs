using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Sales;
using Shouldly;

namespace Rapport.Tests.Duplicates;

/// <summary>Merging contacts and accounts carries the Sales and Leads rows along (and undo brings them back).</summary>
public class MergeSalesLeadsTests(SharedApps apps) : SharedAppTests(apps)
{
    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    /// <summary>A record's JSON without what any write changes (version, updatedAt).</summary>
    private static string Comparable(JsonElement e)
    {
        var o = JsonNode.Parse(e.GetRawText())!.AsObject();
        o.Remove("version"); o.Remove("updatedAt");
        return o.ToJsonString();
    }

    private static List<string> Contacts(JsonElement deal) =>
        deal.GetProperty("contacts").EnumerateArray().Select(c => $"{c.GetProperty("contactId").GetString()}:{c.GetProperty("role").GetString()}").ToList();

    private static async Task<JsonElement> Get(HttpClient api, string url) => await (await api.GetAsync(url)).ShouldBeAsync(HttpStatusCode.OK);

    private static async Task<List<JsonElement>> Timeline(HttpClient api, string url) =>
        (await Get(api, url)).GetProperty("items").EnumerateArray().ToList();

    [Theory, SqliteData, PostgresData]
    public async Task A_contact_merge_moves_deal_places_and_lead_history_to_the_survivor_and_undo_restores_exactly(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await api.AddPipelineAsync();
        async Task<string> Contact(string first, string email) =>
            Id(await (await api.PostJsonAsync("/api/v1/contacts?allowDuplicate=true", new { firstName = first, lastName = "Lovelace", email })).ShouldBeAsync(HttpStatusCode.Created));
        var keep = await Contact("Ada", "ada@example.com");
        var gone = await Contact("Augusta", "augusta@example.com");
        var gone2 = await Contact("A.", "a.lovelace@example.com");
        var other = await Contact("Charles", "charles@example.com");
        async Task<string> Deal(string name, params (string Contact, string Role)[] contacts) =>
            Id(await api.AddDealAsync(new { name, contacts = contacts.Select(c => new { contactId = c.Contact, role = c.Role }).ToArray() }));
        // The survivor not on the deal: it takes the merged contact's place (primary) and role.
        var takesPlace = await Deal("Analytical engine", (gone, "champion"), (other, "influencer"));
        // The survivor already on it as "other": one row, the merged contact's real role wins.
        var roleWins = await Deal("Difference engine", (keep, "other"), (gone, "decisionMaker"));
        // The survivor already on it with a real role: its role stays; it becomes primary (the merged one was).
        var keepsRole = await Deal("Bernoulli notes", (gone, "economicBuyer"), (keep, "champion"));
        // Two merged contacts on one deal, the survivor not: one row.
        var twoMerged = await Deal("Jacquard loom", (gone2, "other"), (gone, "technicalBuyer"), (other, "endUser"));
        var untouched = await Deal("Babbage's lunch", (other, "champion"));
        var dealIds = new[] { takesPlace, roleWins, keepsRole, twoMerged, untouched };

        // Lead history: a lead converted into the merged contact (found by e-mail), with an engagement
        // event, and a web form submission logged on the merged contact as a known contact.
        var lead = Id(await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Augusta", lastName = "King", email = "augusta@example.com" })).ShouldBeAsync(HttpStatusCode.Created));
        var visit = Id(await (await api.PostJsonAsync($"/api/v1/leads/{lead}/events", new { type = "webVisit", detail = "/pricing" })).ShouldBeAsync(HttpStatusCode.Created));
        var converted = await (await api.PostJsonAsync($"/api/v1/leads/{lead}/convert", new { })).ShouldBeAsync(HttpStatusCode.OK);
        converted.GetProperty("contactId").GetString().ShouldBe(gone);
        var form = Id(await (await api.PostJsonAsync("/api/v1/forms", new { name = "Newsletter", fields = new[] { new { key = "email", label = "E-mail", type = "email", required = true } } })).ShouldBeAsync(HttpStatusCode.Created));
        using (var anon = app.CreateClient())
            await (await anon.PostJsonAsync($"/api/v1/forms/{form}/submissions", new { email = "augusta@example.com" })).ShouldBeAsync(HttpStatusCode.Accepted);
        var submission = (await Get(api, $"/api/v1/forms/{form}/submissions")).GetProperty("items")[0];
        submission.GetProperty("outcome").GetString().ShouldBe("loggedOnContact");
        submission.GetProperty("contactId").GetString().ShouldBe(gone);

        var dealsBefore = new Dictionary<string, string>();
        foreach (var d in dealIds) dealsBefore[d] = Comparable(await Get(api, $"/api/v1/deals/{d}"));
        var leadBefore = Comparable(await Get(api, $"/api/v1/leads/{lead}"));
        var goneTimelineBefore = (await Timeline(api, $"/api/v1/contacts/{gone}/timeline?limit=100")).Select(i => Id(i)).Order().ToList();
        var keepTimelineBefore = (await Timeline(api, $"/api/v1/contacts/{keep}/timeline?limit=100")).Select(i => Id(i)).Order().ToList();

        var mergeId = (await (await api.PostJsonAsync("/api/v1/contacts/merge", new { survivorId = keep, mergedIds = new[] { gone, gone2 } })).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("mergeId").GetString()!;

        Contacts(await Get(api, $"/api/v1/deals/{takesPlace}")).ShouldBe([$"{keep}:champion", $"{other}:influencer"]);
        Contacts(await Get(api, $"/api/v1/deals/{roleWins}")).ShouldBe([$"{keep}:decisionMaker"]);
        Contacts(await Get(api, $"/api/v1/deals/{keepsRole}")).ShouldBe([$"{keep}:champion"]);
        Contacts(await Get(api, $"/api/v1/deals/{twoMerged}")).ShouldBe([$"{keep}:technicalBuyer", $"{other}:endUser"]);
        Comparable(await Get(api, $"/api/v1/deals/{untouched}")).ShouldBe(dealsBefore[untouched]);
        var leadNow = await Get(api, $"/api/v1/leads/{lead}");
        leadNow.GetProperty("convertedContactId").GetString().ShouldBe(keep);
        (await Get(api, $"/api/v1/forms/{form}/submissions")).GetProperty("items")[0].GetProperty("contactId").GetString().ShouldBe(keep);

        // The survivor's timeline shows the merged contact's deal events and lead history.
        var timeline = await Timeline(api, $"/api/v1/contacts/{keep}/timeline?limit=100");
        var dealsOnTimeline = timeline.Where(i => i.GetProperty("type").GetString() == "deal").Select(i => i.GetProperty("data").GetProperty("dealId").GetString()).Distinct().Order().ToList();
        dealsOnTimeline.ShouldBe(new string?[] { takesPlace, roleWins, keepsRole, twoMerged }.Order().ToList());
        timeline.ShouldContain(i => Id(i) == visit && i.GetProperty("type").GetString() == "leadEvent");
        timeline.ShouldContain(i => i.GetProperty("type").GetString() == "leadEvent" && i.GetProperty("data").GetProperty("eventType").GetString() == "converted");
        timeline.ShouldContain(i => Id(i) == Id(submission) && i.GetProperty("type").GetString() == "formSubmission");

        // Deal lists, search and the board still work; each deal whose contacts changed says so in its history.
        var byContact = await Get(api, $"/api/v1/deals?contactId={keep}&limit=100");
        byContact.GetProperty("items").EnumerateArray().Select(Id).Order().ShouldBe(new[] { takesPlace, roleWins, keepsRole, twoMerged }.Order());
        (await Get(api, $"/api/v1/deals?contactId={gone}&limit=100")).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await Get(api, "/api/v1/deals?q=Jacquard")).GetProperty("items").EnumerateArray().Select(Id).ShouldBe([twoMerged]);
        (await Get(api, "/api/v1/search?q=Jacquard")).GetProperty("items").EnumerateArray().ShouldContain(i => i.GetProperty("id").GetString() == twoMerged);
        var dealTimeline = await Timeline(api, $"/api/v1/deals/{twoMerged}/timeline");
        var change = dealTimeline.Single(i => i.GetProperty("type").GetString() == "fieldChange");
        var contactsChange = change.GetProperty("data").GetProperty("changes").GetProperty("contacts");
        contactsChange.GetProperty("old").GetArrayLength().ShouldBe(3);
        contactsChange.GetProperty("new").GetArrayLength().ShouldBe(2);
        using (var ui = app.UiClient())
        {
            (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var board = await ui.GetAsync("/deals/board");
            board.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await board.Content.ReadAsStringAsync();
            foreach (var name in new[] { "Analytical engine", "Difference engine", "Bernoulli notes", "Jacquard loom" }) html.ShouldContain(name);
            (await ui.GetAsync($"/deals?contactId={keep}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var dealPage = await ui.GetAsync($"/deals/{twoMerged}");
            dealPage.StatusCode.ShouldBe(HttpStatusCode.OK);
            // Its history names the contacts the merge changed (the merged ones are in the trash now).
            var history = await dealPage.Content.ReadAsStringAsync();
            history.ShouldContain("<span class=\"old\">another contact (other), another contact (technicalBuyer), Charles Lovelace (endUser)</span>");
            history.ShouldContain("<span class=\"new\">Ada Lovelace (technicalBuyer), Charles Lovelace (endUser)</span>");
            (await ui.GetAsync($"/contacts/{keep}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await (await api.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
        foreach (var d in dealIds) Comparable(await Get(api, $"/api/v1/deals/{d}")).ShouldBe(dealsBefore[d], $"deal {d}");
        Comparable(await Get(api, $"/api/v1/leads/{lead}")).ShouldBe(leadBefore);
        (await Get(api, $"/api/v1/forms/{form}/submissions")).GetProperty("items")[0].GetProperty("contactId").GetString().ShouldBe(gone);
        (await Timeline(api, $"/api/v1/contacts/{gone}/timeline?limit=100")).Select(i => Id(i)).Order().ShouldBe(goneTimelineBefore);
        // The survivor keeps its own history (plus the merge's field changes), none of the merged contact's.
        var keepAfter = await Timeline(api, $"/api/v1/contacts/{keep}/timeline?limit=100");
        keepAfter.Where(i => i.GetProperty("type").GetString() != "fieldChange").Select(i => Id(i)).Where(id => !keepTimelineBefore.Contains(id)).ShouldBeEmpty();
        keepAfter.Where(i => i.GetProperty("type").GetString() == "deal").Select(i => i.GetProperty("data").GetProperty("dealId").GetString()).Distinct().Order()
            .ShouldBe(new[] { roleWins, keepsRole }.Order());
        var dealTimelineAfter = await Timeline(api, $"/api/v1/deals/{twoMerged}/timeline");
        dealTimelineAfter.Count(i => i.GetProperty("type").GetString() == "fieldChange").ShouldBe(2);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_account_merge_moves_deals_and_converted_leads_and_undo_restores_exactly(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await api.AddPipelineAsync();
        var keep = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme" })).ShouldBeAsync(HttpStatusCode.Created));
        var gone = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme Holdings" })).ShouldBeAsync(HttpStatusCode.Created));
        var moves = Id(await api.AddDealAsync(new { name = "Holdings renewal", accountId = gone, amount = 1200 }));
        var stays = Id(await api.AddDealAsync(new { name = "Acme upsell", accountId = keep }));
        var trashed = Id(await api.AddDealAsync(new { name = "Old pilot", accountId = gone }));
        await (await api.DeleteAsync($"/api/v1/deals/{trashed}")).ShouldBeAsync(HttpStatusCode.NoContent);
        // A lead converted into the merged account (by its company name), with a deal.
        var lead = Id(await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Grace", lastName = "Hopper", email = "grace@hopper.example", company = "ACME HOLDINGS" })).ShouldBeAsync(HttpStatusCode.Created));
        var converted = await (await api.PostJsonAsync($"/api/v1/leads/{lead}/convert", new { createDeal = true, dealName = "Grace's deal" })).ShouldBeAsync(HttpStatusCode.OK);
        converted.GetProperty("accountId").GetString().ShouldBe(gone);
        var leadDeal = converted.GetProperty("dealId").GetString()!;
        var live = new[] { moves, stays, leadDeal };
        var before = new Dictionary<string, string>();
        foreach (var d in live) before[d] = Comparable(await Get(api, $"/api/v1/deals/{d}"));
        var leadBefore = Comparable(await Get(api, $"/api/v1/leads/{lead}"));

        var mergeId = (await (await api.PostJsonAsync("/api/v1/accounts/merge", new { survivorId = keep, mergedIds = new[] { gone } })).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("mergeId").GetString()!;
        foreach (var d in live) (await Get(api, $"/api/v1/deals/{d}")).GetProperty("accountId").GetString().ShouldBe(keep);
        (await Get(api, $"/api/v1/leads/{lead}")).GetProperty("convertedAccountId").GetString().ShouldBe(keep);
        (await Get(api, $"/api/v1/leads/{lead}")).GetProperty("convertedContactId").GetString().ShouldBe(converted.GetProperty("contactId").GetString());
        Guid? TrashedAccount(IServiceProvider sp) => sp.GetRequiredService<RapportDb>().Deals.IgnoreQueryFilters([RapportDb.SoftDeleteFilter])
            .Where(d => d.Id == Guid.Parse(trashed)).Select(d => d.AccountId).Single();
        (await app.InWorkspaceAsync(owner.WorkspaceId, sp => Task.FromResult(TrashedAccount(sp)))).ShouldBe(Guid.Parse(keep));
        (await Get(api, $"/api/v1/deals?accountId={keep}&limit=100")).GetProperty("items").EnumerateArray().Select(Id).Order().ShouldBe(live.Order());
        var timeline = await Timeline(api, $"/api/v1/accounts/{keep}/timeline?limit=100");
        timeline.Where(i => i.GetProperty("type").GetString() == "deal").Select(i => i.GetProperty("data").GetProperty("dealId").GetString()).Distinct().Order()
            .ShouldBe(live.Order());
        // The move is in the deal's audit history.
        var audit = await Get(api, $"/api/v1/audit?entityId={moves}");
        audit.GetProperty("items").EnumerateArray().ShouldContain(a => a.GetProperty("action").GetString() == "updated" && a.GetRawText().Contains("accountId"));

        await (await api.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
        foreach (var d in live) Comparable(await Get(api, $"/api/v1/deals/{d}")).ShouldBe(before[d]);
        Comparable(await Get(api, $"/api/v1/leads/{lead}")).ShouldBe(leadBefore);
        (await app.InWorkspaceAsync(owner.WorkspaceId, sp => Task.FromResult(TrashedAccount(sp)))).ShouldBe(Guid.Parse(gone));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Undo_leaves_a_deal_whose_contacts_were_edited_since_the_merge_as_it_is(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await api.AddPipelineAsync();
        async Task<string> Contact(string first) => Id(await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = first })).ShouldBeAsync(HttpStatusCode.Created));
        var keep = await Contact("Ada");
        var gone = await Contact("Augusta");
        var other = await Contact("Charles");
        var edited = Id(await api.AddDealAsync(new { name = "Edited since", contacts = new[] { new { contactId = gone, role = "champion" } } }));
        var roleChanged = Id(await api.AddDealAsync(new { name = "Role changed", contacts = new[] { new { contactId = keep, role = "other" }, new { contactId = gone, role = "champion" } } }));
        var mergeId = (await (await api.PostJsonAsync("/api/v1/contacts/merge", new { survivorId = keep, mergedIds = new[] { gone } })).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("mergeId").GetString()!;
        async Task Patch(string deal, object contacts)
        {
            var etag = (await api.GetAsync($"/api/v1/deals/{deal}")).Headers.ETag!.ToString();
            await (await api.PatchJsonAsync($"/api/v1/deals/{deal}", new { contacts }, etag)).ShouldBeAsync(HttpStatusCode.OK);
        }
        await Patch(edited, new[] { new { contactId = other, role = "influencer" } });
        await Patch(roleChanged, new[] { new { contactId = keep, role = "endUser" } });

        await (await api.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
        // The survivor was taken off: the deal keeps what was set by hand.
        Contacts(await Get(api, $"/api/v1/deals/{edited}")).ShouldBe([$"{other}:influencer"]);
        // The survivor's role was changed since: the change stays; the merged contact is back.
        Contacts(await Get(api, $"/api/v1/deals/{roleChanged}")).ShouldBe([$"{keep}:endUser", $"{gone}:champion"]);
    }
}
