using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Imports;
using Rapport.Tests.Infrastructure;
using Shouldly;
using static Rapport.Tests.Leads.LeadsApiTests;

namespace Rapport.Tests.Leads;

/// <summary>Leads through the import pipeline: header guesses, dry run, row errors, duplicates, assignment rules, scoring, undo, the CLI.</summary>
public class LeadImportTests(SharedApps apps) : SharedAppTests(apps)
{
    /// <summary>Ten rows; Kim's names her owner, so no rule assigns her.</summary>
    private static string LeadsCsv(string kimOwner) =>
        "First name,Last name,E-mail,Phone,Company,Job title,Source,Status,Country,Notes,Owner ID\r\n" +
        "Ada,Lovelace,ada@example.com,+44 20 7946 0958,Analytical Engines,Sales Director,web,New,FR,met at the fair,\r\n" +  // row 2: FR → Ana (territory), 15 + 5
        "Grace,Hopper,GRACE@example.com,,Navy,Engineer,event,Working,US,,\r\n" +                                            // row 3: event → Ben (round robin)
        "Bad,Mail,not-an-email,,,,,,,,\r\n" +                                                                                  // row 4: error in E-mail
        "Alan,Turing,alan@example.com,12,,,,,,,\r\n" +                                                                         // row 5: error in Phone
        "Ada,Again,ada@example.com,,,,,,,,\r\n" +                                                                              // row 6: same e-mail as row 2 → skipped
        "Con,Verted,conv@example.com,,,,,converted,,,\r\n" +                                                                   // row 7: converted only by converting
        "Existing,Person,existing@example.com,,,,,,,,\r\n" +                                                                   // row 8: a lead in the database → skipped
        $"Kim,Event,kim@example.com,,Expo Ltd,,event,,DE,,{kimOwner}\r\n" +                                                    // row 9: her own owner, no turn taken
        "Wrong,Country,wc@example.com,,,,,,France,,\r\n";                                                                      // row 10: not a country code

    private static async Task<List<JsonElement>> LeadsAsync(HttpClient api)
    {
        var list = await (await api.GetAsync("/api/v1/leads?limit=200")).ShouldBeAsync(HttpStatusCode.OK);
        return list.GetProperty("items").EnumerateArray().ToList();
    }

    private static async Task<JsonElement> LeadAsync(HttpClient api, List<JsonElement> leads, string email) =>
        await (await api.GetAsync($"/api/v1/leads/{leads.Single(l => l.GetProperty("email").GetString() == email).GetProperty("id").GetString()}"))
            .ShouldBeAsync(HttpStatusCode.OK);

    [Theory, SqliteData, PostgresData]
    public async Task Leads_import_with_header_guesses_a_row_by_row_report_assignment_rules_and_scores(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Leads:RescoreEnabled"] = "false" });
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var ana = await AddMemberAsync(api, "Ana");
        var ben = await AddMemberAsync(api, "Ben");
        var cy = await AddMemberAsync(api, "Cy");
        await (await api.PostJsonAsync("/api/v1/assignment-rules", new
        {
            name = "France", method = "territory", territories = new[] { new { country = "FR", region = (string?)null, userId = ana } },
        })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/assignment-rules", new
        {
            name = "Event round robin", criteria = new[] { new { field = "source", @operator = "equals", value = "event" } }, method = "roundRobin", userIds = new[] { ben, cy },
        })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "title", @operator = "contains", value = "Director", points = 15 })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "country", @operator = "in", value = "FR, DE", points = 5 })).ShouldBeAsync(HttpStatusCode.Created);
        var existing = await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Existing", lastName = "Person", email = "existing@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
        var leadsCsv = LeadsCsv(ana);

        // A dry run: the same report, nothing written, no round-robin turn taken.
        var dry = await api.ImportAsync(leadsCsv, "lead", new() { ["dryRun"] = "true" });
        dry.GetProperty("status").GetString().ShouldBe("completed");
        dry.Counts().ShouldBe((3, 0, 2, 4));
        dry.Errors().Select(e => (e.Row, e.Column)).ShouldBe([(4, "E-mail"), (5, "Phone"), (7, "Status"), (10, "Country")]);
        (await LeadsAsync(api)).Count.ShouldBe(1);

        var report = await api.ImportAsync(leadsCsv, "lead", bom: true);
        report.GetProperty("status").GetString().ShouldBe("completed");
        report.GetProperty("entity").GetString().ShouldBe("lead");
        report.Counts().ShouldBe((3, 0, 2, 4));
        var errors = report.Errors();
        errors.Select(e => (e.Row, e.Column)).ShouldBe([(4, "E-mail"), (5, "Phone"), (7, "Status"), (10, "Country")]);
        errors.Single(e => e.Row == 7).Message.ShouldContain("Convert the lead");

        var leads = await LeadsAsync(api);
        leads.Count.ShouldBe(4);
        var ada = await LeadAsync(api, leads, "ada@example.com");
        ada.GetProperty("firstName").GetString().ShouldBe("Ada");
        ada.GetProperty("phone").GetString().ShouldBe("+442079460958");
        ada.GetProperty("company").GetString().ShouldBe("Analytical Engines");
        ada.GetProperty("title").GetString().ShouldBe("Sales Director");
        ada.GetProperty("status").GetString().ShouldBe("new");
        ada.GetProperty("country").GetString().ShouldBe("FR");
        ada.GetProperty("ownerId").GetString().ShouldBe(ana);
        ada.GetProperty("assignedByRule").GetString().ShouldBe("France");
        ada.GetProperty("score").GetInt32().ShouldBe(20);
        var grace = await LeadAsync(api, leads, "grace@example.com");
        grace.GetProperty("status").GetString().ShouldBe("working");
        grace.GetProperty("ownerId").GetString().ShouldBe(ben);
        grace.GetProperty("assignedByRule").GetString().ShouldBe("Event round robin");
        grace.GetProperty("score").GetInt32().ShouldBe(0);
        var kim = await LeadAsync(api, leads, "kim@example.com");
        kim.GetProperty("ownerId").GetString().ShouldBe(ana);
        kim.GetProperty("assignedByRule").ValueKind.ShouldBe(JsonValueKind.Null);
        kim.GetProperty("score").GetInt32().ShouldBe(5);

        // The assignment and the score are on the lead's timeline and score history, as for an API arrival.
        var adaId = ada.GetProperty("id").GetString();
        var timeline = await (await api.GetAsync($"/api/v1/leads/{adaId}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        timeline.GetProperty("items").EnumerateArray().ShouldContain(i => i.GetProperty("title").GetString() == "Assigned to Ana by rule 'France'");
        var score = await (await api.GetAsync($"/api/v1/leads/{adaId}/score")).ShouldBeAsync(HttpStatusCode.OK);
        score.GetProperty("score").GetInt32().ShouldBe(20);
        score.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("newScore").GetInt32()).ShouldBe([20]);
        // The import took turn 0 of the round robin and handed back the rest of its block: the next arrival gets turn 1.
        var next = await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Walk-in", source = "event" })).ShouldBeAsync(HttpStatusCode.Created);
        next.GetProperty("ownerId").GetString().ShouldBe(cy);
        // Found by search: the search triggers ran for the bulk insert.
        var search = await (await api.GetAsync("/api/v1/search?q=lovelace")).ShouldBeAsync(HttpStatusCode.OK);
        search.GetProperty("items").GetArrayLength().ShouldBe(1);

        // Re-running the same file with skip or update changes nothing (no version bumped, no turn taken).
        (await api.ImportAsync(leadsCsv, "lead")).Counts().ShouldBe((0, 0, 5, 4));
        var update = await api.ImportAsync(leadsCsv, "lead", new() { ["onDuplicate"] = "update" });
        update.Counts().ShouldBe((0, 0, 4, 5));
        update.Errors().ShouldContain(e => e.Row == 6 && e.Column == "E-mail");
        (await LeadsAsync(api)).Count.ShouldBe(5);
        var adaAfter = await (await api.GetAsync($"/api/v1/leads/{adaId}")).ShouldBeAsync(HttpStatusCode.OK);
        adaAfter.GetProperty("version").GetInt64().ShouldBe(ada.GetProperty("version").GetInt64());
        adaAfter.GetProperty("updatedAt").GetString().ShouldBe(ada.GetProperty("updatedAt").GetString());
        var existingAfter = await (await api.GetAsync($"/api/v1/leads/{existing.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        existingAfter.GetProperty("version").GetInt64().ShouldBe(existing.GetProperty("version").GetInt64());
        (await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Walk-in 2", source = "event" })).ShouldBeAsync(HttpStatusCode.Created))
            .GetProperty("ownerId").GetString().ShouldBe(ben);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Update_on_phone_rescores_changed_leads_and_undo_trashes_created_leads_and_restores_updated_ones(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Leads:RescoreEnabled"] = "false" });
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "title", @operator = "contains", value = "Director", points = 15 })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "employees", @operator = "greaterThan", value = 1000, points = 5 })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "engagement", eventType = "webVisit", points = 3 })).ShouldBeAsync(HttpStatusCode.Created);
        var old = await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Old", lastName = "Name", email = "m1@example.com", title = "Clerk", phone = "+33 1 23 45 67 89" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var id = old.GetProperty("id").GetString();
        await (await api.PostJsonAsync($"/api/v1/leads/{id}/events", new { type = "webVisit" })).ShouldBeAsync(HttpStatusCode.Created);
        var before = await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        before.GetProperty("score").GetInt32().ShouldBe(3);

        const string csv = "phone;first name;job title;employees;e-mail\n" +
                           "+33 1 23 45 67 89;New;Director of Sales;\"1,200\";m1@example.com\n" +
                           "+33 6 12 34 56 78;Brand;Intern;ten;m2@example.com\n" +
                           "+33 6 12 34 56 79;Brand;Intern;12;m2@example.com\n";
        var fields = new Dictionary<string, string> { ["onDuplicate"] = "update", ["matchOn"] = "phone" };
        var report = await api.ImportAsync(csv, "lead", fields);
        report.Counts().ShouldBe((1, 1, 0, 1));
        report.Errors().Single().ShouldBe((3, "employees", "Must be a number."));
        var updated = await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        updated.GetProperty("firstName").GetString().ShouldBe("New");
        updated.GetProperty("lastName").GetString().ShouldBe("Name"); // not in the file: kept
        updated.GetProperty("title").GetString().ShouldBe("Director of Sales");
        updated.GetProperty("employees").GetInt32().ShouldBe(1200);
        updated.GetProperty("score").GetInt32().ShouldBe(23); // 15 + 5 + the web visit's 3
        updated.GetProperty("version").GetInt64().ShouldBe(before.GetProperty("version").GetInt64() + 1);
        var brand = (await LeadsAsync(api)).Single(l => l.GetProperty("firstName").GetString() == "Brand");
        brand.GetProperty("ownerId").GetString().ShouldBe(owner.UserId.ToString()); // no rule: the import's creator owns it

        // Undo: the created lead goes to the trash, the updated one gets its old values (and score) back.
        var importId = report.GetProperty("id").GetString();
        var undone = await (await api.PostAsync($"/api/v1/imports/{importId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
        undone.GetProperty("status").GetString().ShouldBe("undone");
        var restored = await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        restored.GetProperty("firstName").GetString().ShouldBe("Old");
        restored.GetProperty("title").GetString().ShouldBe("Clerk");
        restored.GetProperty("employees").ValueKind.ShouldBe(JsonValueKind.Null);
        restored.GetProperty("score").GetInt32().ShouldBe(3);
        var history = await (await api.GetAsync($"/api/v1/leads/{id}/score")).ShouldBeAsync(HttpStatusCode.OK);
        history.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("newScore").GetInt32()).ShouldBe([3, 23, 3]);
        (await LeadsAsync(api)).Count.ShouldBe(1);
        var trash = await (await api.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        trash.GetProperty("items").EnumerateArray().ShouldContain(t => t.GetProperty("title").GetString() == "Brand" && t.GetProperty("entityType").GetString() == "lead");
        await (await api.PostAsync($"/api/v1/imports/{importId}/undo", null)).ShouldBeAsync(HttpStatusCode.Conflict);

        // The same file again, twice: the second run changes nothing.
        (await api.ImportAsync(csv, "lead", fields)).Counts().ShouldBe((1, 1, 0, 1));
        var again = await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        (await api.ImportAsync(csv, "lead", fields)).Counts().ShouldBe((0, 0, 2, 1));
        var still = await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        still.GetProperty("version").GetInt64().ShouldBe(again.GetProperty("version").GetInt64());
        still.GetProperty("score").GetInt32().ShouldBe(23);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lead_custom_fields_map_by_label_are_typed_checked_for_uniqueness_and_can_be_the_match_key(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "lead", key = "memberNo", label = "Member no", type = "text", unique = true })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "lead", key = "budget", label = "Budget", type = "number" })).ShouldBeAsync(HttpStatusCode.Created);
        var old = await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Old", email = "old@example.com", customFields = new { memberNo = "M1", budget = 10 } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var id = old.GetProperty("id").GetString();

        const string csv = "Member no,Last name,Budget,E-mail\n" +
                           "M1,Renamed,2500,old@example.com\n" +   // row 2: matches the lead by its member no → updated
                           "M2,Brand,lots,m2@example.com\n" +      // row 3: Budget is not a number
                           "M3,New,99,m3@example.com\n" +          // row 4: created
                           "M3,Twin,1,twin@example.com\n";         // row 5: the same member no as row 4
        var fields = new Dictionary<string, string> { ["onDuplicate"] = "update", ["matchOn"] = "customFields.memberNo" };
        var report = await api.ImportAsync(csv, "lead", fields);
        report.Counts().ShouldBe((1, 1, 0, 2));
        report.Errors().Select(e => (e.Row, e.Column)).ShouldBe([(3, "Budget"), (5, "Member no")]);
        var updated = await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        updated.GetProperty("lastName").GetString().ShouldBe("Renamed");
        updated.GetProperty("customFields").GetProperty("budget").GetDecimal().ShouldBe(2500m);
        var created = (await LeadsAsync(api)).Single(l => l.GetProperty("lastName").GetString() == "New");
        created.GetProperty("customFields").GetProperty("memberNo").GetString().ShouldBe("M3");

        // With create, a unique value already taken is a row error, not a second lead with it.
        var again = await api.ImportAsync("Member no,Last name\nM3,Copy\n", "lead", new() { ["onDuplicate"] = "create", ["matchOn"] = "customFields.memberNo" });
        again.Counts().ShouldBe((0, 0, 0, 1));
        again.Errors().Single().Column.ShouldBe("Member no");
        (await api.ImportAsync(csv, "lead", fields)).Counts().ShouldBe((0, 0, 2, 2));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_lead_imports_are_400s_and_the_entity_error_names_leads(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        async Task<JsonElement> Bad(MultipartFormDataContent form) =>
            (await (await api.PostAsync("/api/v1/imports", form)).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        const string csv = "First name,E-mail\nA,a@example.com\n";
        (await Bad(ImportHelpers.Form(csv, "planet"))).GetProperty("entity")[0].GetString()!.ShouldContain("lead");
        // Leads have no external id; an unknown custom field is neither a match key nor a field.
        (await Bad(ImportHelpers.Form(csv, "lead", new() { ["matchOn"] = "externalId" }))).GetProperty("matchOn")[0].GetString().ShouldBe(
            "Must be one of: email, phone, or customFields.KEY of a unique custom field.");
        (await Bad(ImportHelpers.Form(csv, "lead", new() { ["map"] = """{"E-mail":"customFields.x"}""" }))).TryGetProperty("map.E-mail", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form(csv, "lead", new() { ["map"] = """{"E-mail":"jobTitle"}""" }))).TryGetProperty("map.E-mail", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form("Colour\nred\n", "lead"))).TryGetProperty("map", out _).ShouldBeTrue();
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_cli_imports_leads_with_a_dry_run_and_assigns_them_by_the_rules(DatabaseProvider provider)
    {
        // The app's worker stays off: the CLI claims and runs its own import.
        await using var app = new RapportApp(provider, new() { ["Imports:Enabled"] = "false" });
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var ana = await AddMemberAsync(api, "Ana");
        var ben = await AddMemberAsync(api, "Ben");
        await (await api.PostJsonAsync("/api/v1/assignment-rules", new { name = "Everyone", method = "roundRobin", userIds = new[] { ana, ben } })).ShouldBeAsync(HttpStatusCode.Created);
        var file = Path.Combine(Path.GetTempPath(), $"rapport-leads-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "Surname;E-mail;Lead source;Shoe\nCurie;marie@example.com;web;x\nNoether;bad-mail;web;y\nMeitner;lise@example.com;event;z\n");
        try
        {
            string[] args = ["import", "leads", file, "--workspace", owner.WorkspaceId.ToString(), "--map", "Shoe="];
            var dry = await CliRun.RunAsync(app.Database, [.. args, "--dry-run"]);
            dry.Code.ShouldBe(0, dry.Out + dry.Err);
            dry.Out.ShouldContain("dry run");
            dry.Out.ShouldContain("2 created, 0 updated, 0 skipped, 1 failed");
            dry.Out.ShouldContain("row 3, E-mail: Must be an e-mail address.");
            (await LeadsAsync(api)).Count.ShouldBe(0);

            var run = await CliRun.RunAsync(app.Database, args);
            run.Code.ShouldBe(0, run.Out + run.Err);
            run.Out.ShouldContain("completed: 2 created, 0 updated, 0 skipped, 1 failed");
            var leads = await LeadsAsync(api);
            leads.Select(l => l.GetProperty("lastName").GetString()).Order().ShouldBe(["Curie", "Meitner"]);
            leads.Select(l => l.GetProperty("ownerId").GetString()!).Order().ToList().ShouldBe(new[] { ana, ben }.Order().ToList());
            leads.ShouldAllBe(l => l.GetProperty("assignedByRule").GetString() == "Everyone");
            leads.Single(l => l.GetProperty("lastName").GetString() == "Curie").GetProperty("source").GetString().ShouldBe("web");

            var again = await CliRun.RunAsync(app.Database, [.. args, "--on-duplicate", "update"]);
            again.Out.ShouldContain("0 created, 0 updated, 2 skipped, 1 failed");
            var bad = await CliRun.RunAsync(app.Database, ["import", "leads", file, "--workspace", owner.WorkspaceId.ToString(), "--match-on", "externalId"]);
            bad.Code.ShouldNotBe(0);
        }
        finally { File.Delete(file); }
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_wizard_offers_leads_from_the_lead_list_and_maps_lead_fields(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        using var ui = app.UiClient();
        await ui.SignInAsync(owner.Email, owner.Password);
        (await (await ui.GetAsync("/leads")).Content.ReadAsStringAsync()).ShouldContain("href=\"/imports/new?entity=lead\"");
        var upload = await (await ui.GetAsync("/imports/new?entity=lead")).Content.ReadAsStringAsync();
        upload.ShouldContain("<option value=\"lead\" selected>Leads</option>");
        upload.ShouldContain("<option value=\"contact\">Contacts</option>");

        var saved = await app.Services.GetRequiredService<Rapport.Imports.ImportFiles>()
            .SaveAsync(new MemoryStream("Given name,Surname,E-mail,Job title,Lead source\nAda,Lovelace,ada@example.com,CTO,web\n"u8.ToArray()), default);
        var mapUrl = $"/imports/new/{saved.Token}?entity=lead&name=leads.csv";
        var map = await (await ui.GetAsync(mapUrl)).Content.ReadAsStringAsync();
        map.ShouldContain("Import leads from leads.csv");
        map.ShouldContain("<option value=\"title\" selected>Job title (title)</option>");
        map.ShouldContain("<option value=\"source\" selected>Source (source)</option>");
        map.ShouldContain("<option value=\"email\" selected>E-mail</option>");
        map.ShouldContain("<option value=\"phone\">Phone</option>");
        map.ShouldNotContain("externalId");
        map.ShouldNotContain("missingAccounts"); // a lead's company is text, not an account

        var posted = await ui.SubmitFormAsync(mapUrl, $"/imports/new/{saved.Token}", new()
        {
            ["entity"] = "lead", ["name"] = "leads.csv", ["map[0]"] = "firstName", ["map[1]"] = "lastName", ["map[2]"] = "email", ["map[3]"] = "title", ["map[4]"] = "source",
            ["onDuplicate"] = "skip", ["matchOn"] = "email",
        });
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var report = await api.WaitAsync(posted.Headers.Location!.ToString().Split('/')[^1]);
        report.Counts().ShouldBe((1, 0, 0, 0));
        var page = await (await ui.GetAsync($"/imports/{report.GetProperty("id").GetString()}")).Content.ReadAsStringAsync();
        page.ShouldContain("href=\"/leads\"");
        (await (await ui.GetAsync("/imports")).Content.ReadAsStringAsync()).ShouldContain("Leads");
        (await LeadsAsync(api)).Single().GetProperty("title").GetString().ShouldBe("CTO");
    }
}
