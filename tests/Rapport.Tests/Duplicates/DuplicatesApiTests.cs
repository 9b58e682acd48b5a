using System.Net;
using System.Text.Json;
using Rapport.Data;
using Rapport.Tests.Activities;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Duplicates;

public class DuplicatesApiTests(SharedApps apps) : SharedAppTests(apps)
{
    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;
    private static List<string> Ids(JsonElement arr) => arr.EnumerateArray().Select(x => x.GetString()!).Order().ToList();

    [Theory, SqliteData, PostgresData]
    public async Task A_new_contact_with_an_existing_email_or_phone_is_a_409_naming_it_unless_allowed(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var ada = Id(await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace", email = "ada@example.com", phone = "+44 20 7946 0958" })).ShouldBeAsync(HttpStatusCode.Created));

        var byEmail = await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "A.", lastName = "Lovelace", email = "ADA@example.com" })).ShouldBeAsync(HttpStatusCode.Conflict);
        Ids(byEmail.GetProperty("duplicates")).ShouldBe([ada]);
        // Any of the new contact's numbers against the existing primary one.
        var byPhone = await (await api.PostJsonAsync("/api/v1/contacts", new
        {
            firstName = "Augusta", phones = new[] { new { number = "+1 415 555 0100", primary = true }, new { number = "+442079460958", primary = false } },
        })).ShouldBeAsync(HttpStatusCode.Conflict);
        Ids(byPhone.GetProperty("duplicates")).ShouldBe([ada]);
        await (await api.PostJsonAsync("/api/v1/contacts?allowDuplicate=true", new { firstName = "A.", email = "ada@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/contacts?allowDuplicate=maybe", new { firstName = "A.", email = "ada@example.com" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Someone", email = "else@example.com" })).ShouldBeAsync(HttpStatusCode.Created);

        // Accounts by domain.
        var globex = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex", domain = "globex.com" })).ShouldBeAsync(HttpStatusCode.Created));
        var dup = await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex Corp", domain = "https://www.globex.com" })).ShouldBeAsync(HttpStatusCode.Conflict);
        Ids(dup.GetProperty("duplicates")).ShouldBe([globex]);
        await (await api.PostJsonAsync("/api/v1/accounts?allowDuplicate=true", new { name = "Globex Corp", domain = "globex.com" })).ShouldBeAsync(HttpStatusCode.Created);

        // A record in the trash does not count.
        var grace = Id(await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Grace", email = "grace@example.com" })).ShouldBeAsync(HttpStatusCode.Created));
        await (await api.DeleteAsync($"/api/v1/contacts/{grace}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Grace", email = "grace@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_create_check_never_names_a_record_out_of_sight(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PatchJsonAsync("/api/v1/workspace", new { recordVisibility = new { sales = "own" } })).ShouldBeAsync(HttpStatusCode.OK);
        var sam = await app.AddMemberAsync(api, owner.WorkspaceId, "sales");
        using var samApi = app.ApiClient(sam.ApiKey);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", email = "ada@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
        // The owner's contact is out of Sam's sight: no 409 that would reveal it; the scan finds the pair later.
        await (await samApi.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", email = "ada@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
        // Sam's own contact is in sight.
        await (await samApi.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada L.", email = "ada@example.com" })).ShouldBeAsync(HttpStatusCode.Conflict);

        // Sam may not start a scan (it reads the whole workspace); the queue shows Sam only groups of records in sight.
        await (await samApi.PostJsonAsync("/api/v1/duplicates/scan", new { entity = "contact" })).ShouldBeAsync(HttpStatusCode.Forbidden);
        await ScanAsync(api, "contact");
        var ownerSees = await (await api.GetAsync("/api/v1/duplicates?entity=contact")).ShouldBeAsync(HttpStatusCode.OK);
        var group = ownerSees.GetProperty("items").EnumerateArray().Single();
        group.GetProperty("recordIds").GetArrayLength().ShouldBe(2);
        var samSees = await (await samApi.GetAsync("/api/v1/duplicates?entity=contact")).ShouldBeAsync(HttpStatusCode.OK);
        samSees.GetProperty("items").GetArrayLength().ShouldBe(0);
        await (await samApi.GetAsync($"/api/v1/duplicates/{Id(group)}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await samApi.PostAsync($"/api/v1/duplicates/{Id(group)}/dismiss", null)).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    public static async Task<JsonElement> ScanAsync(HttpClient api, string entity, int timeoutSeconds = 60)
    {
        var started = await api.PostJsonAsync("/api/v1/duplicates/scan", new { entity });
        var scan = await started.ShouldBeAsync(HttpStatusCode.Accepted);
        started.Headers.Location!.ToString().ShouldBe($"/api/v1/duplicates/scans/{Id(scan)}");
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var s = await (await api.GetAsync($"/api/v1/duplicates/scans/{Id(scan)}")).ShouldBeAsync(HttpStatusCode.OK);
            var status = s.GetProperty("status").GetString();
            if (status == "completed") return s;
            status.ShouldBe("running", s.ToString());
            if (DateTime.UtcNow > until) throw new TimeoutException("The scan did not finish.");
            await Task.Delay(100);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_scan_fills_the_review_queue_with_scored_reasoned_groups_and_a_dismissed_group_stays_dismissed(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        async Task<string> Contact(object body) => Id(await (await api.PostJsonAsync("/api/v1/contacts?allowDuplicate=true", body)).ShouldBeAsync(HttpStatusCode.Created));
        var acme = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme", domain = "acme.example" })).ShouldBeAsync(HttpStatusCode.Created));
        var a1 = await Contact(new { firstName = "Ada", lastName = "Lovelace", email = "ada@example.com" });
        var a2 = await Contact(new { firstName = "Ada", lastName = "Lovelace", email = "ada@example.com", phone = "+1 415 555 0100" });
        var a3 = await Contact(new { firstName = "Adah", lastName = "Lovelace", phone = "(415) 555-0100" });
        var j1 = await Contact(new { firstName = "Jonathan", lastName = "Smith", birthDate = "1980-02-03", addresses = new[] { new { street = "12 High Street", city = "Leeds", postcode = "LS1 4AP" } } });
        var j2 = await Contact(new { firstName = "Jonathon", lastName = "Smith", birthDate = "1980-02-03", addresses = new[] { new { street = "12 High St", city = "Leeds", postcode = "LS1 4AP" } } });
        var m1 = await Contact(new { firstName = "Maria", lastName = "Garcia", accounts = new[] { new { accountId = acme } } });
        var m2 = await Contact(new { firstName = "María", lastName = "García", accounts = new[] { new { accountId = acme } } });
        // Same name only, nothing else shared: not a duplicate. Same surname and address, another given name: a household.
        await Contact(new { firstName = "Maria", lastName = "Garcia" });
        await Contact(new { firstName = "Susan", lastName = "Smith", addresses = new[] { new { street = "12 High Street", city = "Leeds", postcode = "LS1 4AP" } } });
        // Same surname and birth date, other given names: twins.
        await Contact(new { firstName = "Abraham", lastName = "Kuhn", birthDate = "1962-11-06" });
        await Contact(new { firstName = "Opal", lastName = "Kuhn", birthDate = "1962-11-06" });

        await (await api.GetAsync("/api/v1/duplicates?entity=contact")).ShouldBeAsync(HttpStatusCode.OK);
        var scan = await ScanAsync(api, "contact");
        scan.GetProperty("recordsScanned").GetInt64().ShouldBe(11);
        scan.GetProperty("groupsFound").GetInt32().ShouldBe(3);

        var page = await (await api.GetAsync("/api/v1/duplicates?entity=contact")).ShouldBeAsync(HttpStatusCode.OK);
        var groups = page.GetProperty("items").EnumerateArray().ToList();
        groups.Count.ShouldBe(3);
        page.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        var scores = groups.Select(g => g.GetProperty("score").GetDouble()).ToList();
        scores.ShouldBe(scores.OrderByDescending(s => s).ToList());
        scores.ShouldAllBe(s => s > 0 && s <= 1);
        JsonElement Group(string id) => groups.Single(g => Ids(g.GetProperty("recordIds")).Contains(id));
        Ids(Group(a1).GetProperty("recordIds")).ShouldBe(new[] { a1, a2, a3 }.Order().ToList());
        Ids(Group(a1).GetProperty("reasons")).ShouldBe(["sameEmail", "samePhone"]);
        Ids(Group(j1).GetProperty("recordIds")).ShouldBe(new[] { j1, j2 }.Order().ToList());
        Ids(Group(j1).GetProperty("reasons")).ShouldBe(["similarNameSameAddress", "similarNameSameBirthDate"]);
        Ids(Group(m1).GetProperty("recordIds")).ShouldBe(new[] { m1, m2 }.Order().ToList());
        Ids(Group(m1).GetProperty("reasons")).ShouldBe(["similarNameSameCompany"]);

        // Paging by score.
        var first = await (await api.GetAsync("/api/v1/duplicates?entity=contact&limit=2")).ShouldBeAsync(HttpStatusCode.OK);
        first.GetProperty("items").GetArrayLength().ShouldBe(2);
        var next = await (await api.GetAsync($"/api/v1/duplicates?entity=contact&limit=2&cursor={first.GetProperty("nextCursor").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        next.GetProperty("items").GetArrayLength().ShouldBe(1);
        await (await api.GetAsync("/api/v1/duplicates?entity=contact&cursor=nonsense")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/duplicates?entity=deal")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/duplicates")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/duplicates/scan", new { entity = "lead" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/duplicates/scan", new { })).ShouldBeAsync(HttpStatusCode.BadRequest);

        // Dismissed: gone now and after the next scan.
        var johns = Id(Group(j1));
        await (await api.PostAsync($"/api/v1/duplicates/{johns}/dismiss", null)).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.GetAsync($"/api/v1/duplicates/{johns}")).ShouldBeAsync(HttpStatusCode.NotFound);
        (await ScanAsync(api, "contact")).GetProperty("groupsFound").GetInt32().ShouldBe(2);
        var after = await (await api.GetAsync("/api/v1/duplicates?entity=contact")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("items").EnumerateArray().ShouldNotContain(g => Ids(g.GetProperty("recordIds")).Contains(j1));

        // Accounts: same domain, similar name in the same city.
        await (await api.PostJsonAsync("/api/v1/accounts?allowDuplicate=true", new { name = "ACME Inc.", domain = "acme.example" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Initech", addresses = new[] { new { city = "Austin" } } })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Initech LLC", addresses = new[] { new { city = "Austin" } } })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Initech", addresses = new[] { new { city = "Boston" } } })).ShouldBeAsync(HttpStatusCode.Created);
        (await ScanAsync(api, "account")).GetProperty("groupsFound").GetInt32().ShouldBe(2);
        var accounts = await (await api.GetAsync("/api/v1/duplicates?entity=account")).ShouldBeAsync(HttpStatusCode.OK);
        accounts.GetProperty("items").EnumerateArray().Select(g => string.Join(",", Ids(g.GetProperty("reasons")))).Order().ShouldBe(["sameDomain", "similarNameSameCity"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_merge_moves_everything_to_the_survivor_and_undo_restores_exactly(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var acme = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme" })).ShouldBeAsync(HttpStatusCode.Created));
        var globex = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex" })).ShouldBeAsync(HttpStatusCode.Created));
        var keep = Id(await (await api.PostJsonAsync("/api/v1/contacts", new
        {
            firstName = "Ada", lastName = "Lovelace", email = "ada@example.com", jobTitle = (string?)null, tags = new[] { "vip" },
            accounts = new[] { new { accountId = acme, role = "decisionMaker" } },
        })).ShouldBeAsync(HttpStatusCode.Created));
        var gone = Id(await (await api.PostJsonAsync("/api/v1/contacts?allowDuplicate=true", new
        {
            firstName = "Augusta Ada", lastName = "King", email = "ada@example.com", phone = "+1 415 555 0100", jobTitle = "Analyst", birthDate = "1815-12-10",
            emails = new[] { new { address = "countess@example.org", primary = false }, new { address = "ada@example.com", primary = true } },
            addresses = new[] { new { street = "12 St James's Square", city = "London" } }, lifecycleStage = "purchase", tags = new[] { "math", "vip" },
            accounts = new[] { new { accountId = globex, role = "influencer" } }, consent = new { email = new { status = "granted", source = "web form" } },
        })).ShouldBeAsync(HttpStatusCode.Created));
        var interaction = Id(await (await api.PostJsonAsync("/api/v1/interactions", new { contactId = gone, channel = "call", direction = "outbound", occurredAt = DateTime.UtcNow.AddHours(-1), subject = "Call" })).ShouldBeAsync(HttpStatusCode.Created));
        var note = Id(await (await api.PostJsonAsync("/api/v1/notes", new { contactId = gone, body = "Prefers letters." })).ShouldBeAsync(HttpStatusCode.Created));
        var task = Id(await (await api.PostJsonAsync("/api/v1/tasks", new { contactId = gone, title = "Send the notes" })).ShouldBeAsync(HttpStatusCode.Created));
        var keptNote = Id(await (await api.PostJsonAsync("/api/v1/notes", new { contactId = keep, body = "Met at the fair." })).ShouldBeAsync(HttpStatusCode.Created));

        var before = await (await api.GetAsync($"/api/v1/contacts/{keep}")).ShouldBeAsync(HttpStatusCode.OK);
        var goneBefore = await (await api.GetAsync($"/api/v1/contacts/{gone}")).ShouldBeAsync(HttpStatusCode.OK);

        var merged = await (await api.PostJsonAsync("/api/v1/contacts/merge", new
        {
            survivorId = keep, mergedIds = new[] { gone }, fieldChoices = new Dictionary<string, string> { ["lastName"] = gone, ["lifecycleStage"] = gone },
        })).ShouldBeAsync(HttpStatusCode.OK);
        merged.GetProperty("survivorId").GetString().ShouldBe(keep);
        var mergeId = merged.GetProperty("mergeId").GetString()!;

        var s = await (await api.GetAsync($"/api/v1/contacts/{keep}")).ShouldBeAsync(HttpStatusCode.OK);
        s.GetProperty("firstName").GetString().ShouldBe("Ada");            // the survivor's, not chosen otherwise
        s.GetProperty("lastName").GetString().ShouldBe("King");            // chosen
        s.GetProperty("jobTitle").GetString().ShouldBe("Analyst");         // empty on the survivor: filled
        s.GetProperty("birthDate").GetString().ShouldBe("1815-12-10");
        s.GetProperty("phone").GetString().ShouldBe("+14155550100");
        s.GetProperty("lifecycleStage").GetString().ShouldBe("purchase");
        s.GetProperty("email").GetString().ShouldBe("ada@example.com");
        s.GetProperty("emails").EnumerateArray().Select(e => e.GetProperty("address").GetString()).Order().ShouldBe(["ada@example.com", "countess@example.org"]);
        s.GetProperty("addresses").GetArrayLength().ShouldBe(1);
        Ids(s.GetProperty("tags")).ShouldBe(["math", "vip"]);
        s.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetString()).Order().ShouldBe(new[] { acme, globex }.Order());
        s.GetProperty("consent").GetProperty("email").GetProperty("status").GetString().ShouldBe("granted");
        await (await api.GetAsync($"/api/v1/contacts/{gone}")).ShouldBeAsync(HttpStatusCode.NotFound);
        var trash = await (await api.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        trash.GetProperty("items").EnumerateArray().ShouldContain(t => t.GetProperty("entityId").GetString() == gone);
        foreach (var (kind, id) in new[] { ("interactions", interaction), ("notes", note), ("tasks", task) })
            (await (await api.GetAsync($"/api/v1/{kind}/{id}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("contactId").GetString().ShouldBe(keep);
        var timeline = await (await api.GetAsync($"/api/v1/contacts/{keep}/timeline?limit=100")).ShouldBeAsync(HttpStatusCode.OK);
        var timelineIds = timeline.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        timelineIds.ShouldContain(interaction); timelineIds.ShouldContain(note); timelineIds.ShouldContain(task); timelineIds.ShouldContain(keptNote);
        var audit = await (await api.GetAsync($"/api/v1/audit?entityId={mergeId}")).ShouldBeAsync(HttpStatusCode.OK);
        audit.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
        (await (await api.GetAsync($"/api/v1/merges/{mergeId}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("mergedIds")[0].GetString().ShouldBe(gone);

        var undone = await (await api.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
        undone.GetProperty("undoneAt").ValueKind.ShouldBe(JsonValueKind.String);
        await (await api.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.Conflict);

        var restored = await (await api.GetAsync($"/api/v1/contacts/{keep}")).ShouldBeAsync(HttpStatusCode.OK);
        Comparable(restored).ShouldBe(Comparable(before));
        var goneAgain = await (await api.GetAsync($"/api/v1/contacts/{gone}")).ShouldBeAsync(HttpStatusCode.OK);
        Comparable(goneAgain).ShouldBe(Comparable(goneBefore));
        foreach (var (kind, id) in new[] { ("interactions", interaction), ("notes", note), ("tasks", task) })
            (await (await api.GetAsync($"/api/v1/{kind}/{id}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("contactId").GetString().ShouldBe(gone);
        (await (await api.GetAsync($"/api/v1/notes/{keptNote}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("contactId").GetString().ShouldBe(keep);
        var goneTimeline = await (await api.GetAsync($"/api/v1/contacts/{gone}/timeline?limit=100&type=stageChange")).ShouldBeAsync(HttpStatusCode.OK);
        goneTimeline.GetProperty("items").GetArrayLength().ShouldBe(1);
        var trashAfter = await (await api.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        trashAfter.GetProperty("items").EnumerateArray().ShouldNotContain(t => t.GetProperty("entityId").GetString() == gone);
    }

    /// <summary>A record's JSON without what any write changes (version, updatedAt).</summary>
    private static string Comparable(JsonElement e)
    {
        var o = System.Text.Json.Nodes.JsonNode.Parse(e.GetRawText())!.AsObject();
        o.Remove("version"); o.Remove("updatedAt");
        return o.ToJsonString();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Accounts_merge_moves_contact_links_children_and_activities_and_undo_moves_them_back(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var keep = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme", tags = new[] { "customer" } })).ShouldBeAsync(HttpStatusCode.Created));
        var gone = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "ACME Inc.", domain = "acme.example", industry = "Retail", tags = new[] { "partner" } })).ShouldBeAsync(HttpStatusCode.Created));
        var child = Id(await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme Europe", parentAccountId = gone })).ShouldBeAsync(HttpStatusCode.Created));
        var ada = Id(await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", accounts = new[] { new { accountId = gone, role = "billing", title = "CFO" } } })).ShouldBeAsync(HttpStatusCode.Created));
        var both = Id(await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Bo", accounts = new[] { new { accountId = gone }, new { accountId = keep } } })).ShouldBeAsync(HttpStatusCode.Created));
        var call = Id(await (await api.PostJsonAsync("/api/v1/interactions", new { accountId = gone, channel = "meeting", direction = "outbound", occurredAt = DateTime.UtcNow.AddHours(-2), subject = "Kick-off" })).ShouldBeAsync(HttpStatusCode.Created));
        var before = Comparable(await (await api.GetAsync($"/api/v1/accounts/{keep}")).ShouldBeAsync(HttpStatusCode.OK));

        var mergeId = (await (await api.PostJsonAsync("/api/v1/accounts/merge", new { survivorId = keep, mergedIds = new[] { gone } })).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("mergeId").GetString()!;
        var s = await (await api.GetAsync($"/api/v1/accounts/{keep}")).ShouldBeAsync(HttpStatusCode.OK);
        s.GetProperty("domain").GetString().ShouldBe("acme.example");
        s.GetProperty("industry").GetString().ShouldBe("Retail");
        s.GetProperty("name").GetString().ShouldBe("Acme");
        Ids(s.GetProperty("tags")).ShouldBe(["customer", "partner"]);
        var adaNow = await (await api.GetAsync($"/api/v1/contacts/{ada}")).ShouldBeAsync(HttpStatusCode.OK);
        adaNow.GetProperty("accounts")[0].GetProperty("accountId").GetString().ShouldBe(keep);
        adaNow.GetProperty("accounts")[0].GetProperty("title").GetString().ShouldBe("CFO");
        (await (await api.GetAsync($"/api/v1/accounts/{child}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("parentAccountId").GetString().ShouldBe(keep);
        (await (await api.GetAsync($"/api/v1/interactions/{call}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("accountId").GetString().ShouldBe(keep);
        await (await api.GetAsync($"/api/v1/accounts/{gone}")).ShouldBeAsync(HttpStatusCode.NotFound);

        await (await api.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
        Comparable(await (await api.GetAsync($"/api/v1/accounts/{keep}")).ShouldBeAsync(HttpStatusCode.OK)).ShouldBe(before);
        (await (await api.GetAsync($"/api/v1/contacts/{ada}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("accounts")[0].GetProperty("accountId").GetString().ShouldBe(gone);
        (await (await api.GetAsync($"/api/v1/contacts/{both}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("accounts").EnumerateArray()
            .Select(a => a.GetProperty("accountId").GetString()).Order().ShouldBe(new[] { keep, gone }.Order());
        (await (await api.GetAsync($"/api/v1/accounts/{child}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("parentAccountId").GetString().ShouldBe(gone);
        (await (await api.GetAsync($"/api/v1/interactions/{call}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("accountId").GetString().ShouldBe(gone);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Merge_refuses_bad_requests_records_out_of_reach_itself_and_the_trash(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        var other = await app.SignUpAsync("Other");
        using var api = app.ApiClient(owner.ApiKey);
        using var otherApi = app.ApiClient(other.ApiKey);
        async Task<string> Contact(HttpClient c, string name) => Id(await (await c.PostJsonAsync("/api/v1/contacts", new { firstName = name })).ShouldBeAsync(HttpStatusCode.Created));
        var a = await Contact(api, "A");
        var b = await Contact(api, "B");
        var trashed = await Contact(api, "T");
        await (await api.DeleteAsync($"/api/v1/contacts/{trashed}")).ShouldBeAsync(HttpStatusCode.NoContent);
        var foreign = await Contact(otherApi, "F");

        async Task<JsonElement> Merge(object body, HttpStatusCode status) => await (await api.PostJsonAsync("/api/v1/contacts/merge", body)).ShouldBeAsync(status);
        (await Merge(new { mergedIds = new[] { b } }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("survivorId", out _).ShouldBeTrue();
        (await Merge(new { survivorId = a }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("mergedIds", out _).ShouldBeTrue();
        (await Merge(new { survivorId = a, mergedIds = Array.Empty<string>() }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("mergedIds", out _).ShouldBeTrue();
        (await Merge(new { survivorId = "nope", mergedIds = new[] { b } }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("survivorId", out _).ShouldBeTrue();
        (await Merge(new { survivorId = a, mergedIds = new[] { b, b } }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("mergedIds[1]", out _).ShouldBeTrue();
        (await Merge(new { survivorId = a, mergedIds = new[] { b }, fieldChoices = new { colour = a } }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("fieldChoices.colour", out _).ShouldBeTrue();
        (await Merge(new { survivorId = a, mergedIds = new[] { b }, fieldChoices = new { firstName = Guid.NewGuid() } }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("fieldChoices.firstName", out _).ShouldBeTrue();
        (await Merge(new { survivorId = a, mergedIds = new[] { b }, extra = 1 }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("extra", out _).ShouldBeTrue();
        await Merge(new { survivorId = a, mergedIds = new[] { a } }, HttpStatusCode.Conflict);
        await Merge(new { survivorId = a, mergedIds = new[] { trashed } }, HttpStatusCode.Conflict);
        await Merge(new { survivorId = trashed, mergedIds = new[] { a } }, HttpStatusCode.Conflict);
        await Merge(new { survivorId = a, mergedIds = new[] { foreign } }, HttpStatusCode.NotFound);
        await Merge(new { survivorId = a, mergedIds = new[] { Guid.NewGuid() } }, HttpStatusCode.NotFound);
        await (await api.PostJsonAsync("/api/v1/accounts/merge", new { survivorId = a, mergedIds = new[] { b } })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.SendRawAsync(HttpMethod.Post, "/api/v1/contacts/merge", "[1,2]")).ShouldBeAsync(HttpStatusCode.BadRequest);

        // Both in sight: a sales rep who sees only their own cannot merge the owner's record into theirs.
        await (await api.PatchJsonAsync("/api/v1/workspace", new { recordVisibility = new { sales = "own" } })).ShouldBeAsync(HttpStatusCode.OK);
        var sam = await app.AddMemberAsync(api, owner.WorkspaceId, "sales");
        using var samApi = app.ApiClient(sam.ApiKey);
        var sams = await Contact(samApi, "S");
        await (await samApi.PostJsonAsync("/api/v1/contacts/merge", new { survivorId = sams, mergedIds = new[] { a } })).ShouldBeAsync(HttpStatusCode.NotFound);

        // A merge of another workspace is a 404.
        var mergeId = (await Merge(new { survivorId = a, mergedIds = new[] { b } }, HttpStatusCode.OK)).GetProperty("mergeId").GetString();
        await (await otherApi.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await otherApi.GetAsync($"/api/v1/merges/{mergeId}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await samApi.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.NotFound);
        // The survivor in the trash: undo says so.
        await (await api.DeleteAsync($"/api/v1/contacts/{a}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.PostAsync($"/api/v1/merges/{mergeId}/undo", null)).ShouldBeAsync(HttpStatusCode.Conflict);
    }
}
