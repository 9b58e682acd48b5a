using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Imports;

public class ImportsApiTests(SharedApps apps) : SharedAppTests(apps)
{
    private const string People =
        "First name,Last name,E-mail,Phone,City,Country,Birth date,Company,External ID\r\n" +
        "Ada,Lovelace,ada@example.com,+44 20 7946 0958,London,GB,1815-12-10,Analytical Engines,ext-1\r\n" +   // row 2: new
        "Grace,Hopper,GRACE@example.com,,Arlington,US,1906-12-09,navy.example,ext-2\r\n" +                    // row 3: new (account by domain)
        "Bad,Mail,not-an-email,,,,,,ext-3\r\n" +                                                               // row 4: error in E-mail
        "Alan,Turing,alan@example.com,12,,,,,ext-4\r\n" +                                                      // row 5: error in Phone
        "Ada,Again,ada@example.com,,,,,,ext-5\r\n" +                                                           // row 6: same e-mail as row 2 → skipped
        "\"Quoted, Name\",\"Multi\nLine\",quoted@example.com,,,,2999-01-01,,ext-6\r\n" +                       // row 7: birth date in the future
        "Existing,Person,existing@example.com,,,,,Analytical Engines,ext-7\r\n";                               // row 8: duplicate of a contact in the database

    [Theory, SqliteData, PostgresData]
    public async Task A_file_with_errors_and_duplicates_is_reported_row_by_row_and_a_rerun_changes_nothing(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Existing", lastName = "Person", email = "existing@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Navy", domain = "navy.example" })).ShouldBeAsync(HttpStatusCode.Created);

        // Dry run first: the same report, nothing written.
        var dry = await api.ImportAsync(People, fields: new() { ["dryRun"] = "true" });
        dry.GetProperty("status").GetString().ShouldBe("completed");
        dry.Counts().ShouldBe((2, 0, 2, 3));
        (await api.ContactsAsync()).Count.ShouldBe(1);

        var report = await api.ImportAsync(People, bom: true);
        report.GetProperty("status").GetString().ShouldBe("completed");
        report.Counts().ShouldBe((2, 0, 2, 3));
        var errors = report.Errors();
        errors.ShouldContain(e => e.Row == 4 && e.Column == "E-mail");
        errors.ShouldContain(e => e.Row == 5 && e.Column == "Phone");
        errors.ShouldContain(e => e.Row == 7 && e.Column == "Birth date");
        errors.Select(e => e.Row).Distinct().Count().ShouldBe(3);

        var contacts = await api.ContactsAsync();
        contacts.Count.ShouldBe(3);
        var ada = contacts.Single(c => c.GetProperty("email").GetString() == "ada@example.com");
        ada.GetProperty("phone").GetString().ShouldBe("+442079460958");
        var adaFull = await (await api.GetAsync($"/api/v1/contacts/{ada.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        adaFull.GetProperty("addresses")[0].GetProperty("city").GetString().ShouldBe("London");
        adaFull.GetProperty("birthDate").GetString().ShouldBe("1815-12-10");
        adaFull.GetProperty("externalId").GetString().ShouldBe("ext-1");
        adaFull.GetProperty("ownerId").GetString().ShouldBe(owner.UserId.ToString());
        adaFull.GetProperty("accounts").GetArrayLength().ShouldBe(1);
        var grace = contacts.Single(c => c.GetProperty("email").GetString() == "grace@example.com");
        var graceFull = await (await api.GetAsync($"/api/v1/contacts/{grace.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        var accounts = (await (await api.GetAsync("/api/v1/accounts")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        accounts.Count.ShouldBe(2); // Navy (existing, found by domain) + Analytical Engines (created)
        var navyId = accounts.Single(a => a.GetProperty("name").GetString() == "Navy").GetProperty("id").GetString();
        graceFull.GetProperty("accounts")[0].GetProperty("accountId").GetString().ShouldBe(navyId);
        // Found by global search: the search triggers ran for the bulk insert.
        var search = await (await api.GetAsync("/api/v1/search?q=lovelace")).ShouldBeAsync(HttpStatusCode.OK);
        search.GetProperty("items").GetArrayLength().ShouldBe(1);

        // Re-running the same file with skip or update changes nothing.
        (await api.ImportAsync(People)).Counts().ShouldBe((0, 0, 4, 3));
        // The first update links the contact that was skipped to the company of row 8; row 6 repeats row 2's e-mail,
        // which an update reports instead of applying two rows to one contact.
        var update = await api.ImportAsync(People, fields: new() { ["onDuplicate"] = "update" });
        update.Counts().ShouldBe((0, 1, 2, 4));
        update.Errors().ShouldContain(e => e.Row == 6 && e.Column == "E-mail");
        (await api.ImportAsync(People, fields: new() { ["onDuplicate"] = "update" })).Counts().ShouldBe((0, 0, 3, 4));
        (await api.ContactsAsync()).Count.ShouldBe(3);
        var adaAfter = await (await api.GetAsync($"/api/v1/contacts/{ada.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.OK);
        adaAfter.GetProperty("version").GetInt64().ShouldBe(adaFull.GetProperty("version").GetInt64());

        // One audit entry for the import, and the list shows it.
        var list = await (await api.GetAsync("/api/v1/imports")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("items").GetArrayLength().ShouldBe(5);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Update_matches_on_the_chosen_key_and_undo_restores_old_values_and_trashes_created_records(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "memberNo", label = "Member no", type = "text", unique = true })).ShouldBeAsync(HttpStatusCode.Created);
        var existing = await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Old", lastName = "Name", email = "m1@example.com", jobTitle = "Clerk", customFields = new { memberNo = "M1" } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var id = existing.GetProperty("id").GetString();

        var csv = "member no;first name;job title;email\n M1 ;New;Manager;m1@example.com\nM2;Brand;New;m2@example.com\n";
        var report = await api.ImportAsync(csv, fields: new() { ["onDuplicate"] = "update", ["matchOn"] = "customFields.memberNo" });
        report.Counts().ShouldBe((1, 1, 0, 0));
        var updated = await (await api.GetAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        updated.GetProperty("firstName").GetString().ShouldBe("New");
        updated.GetProperty("lastName").GetString().ShouldBe("Name"); // not in the file: kept
        updated.GetProperty("jobTitle").GetString().ShouldBe("Manager");
        (await api.ContactsAsync()).Count.ShouldBe(2);

        var importId = report.GetProperty("id").GetString();
        var undone = await (await api.PostAsync($"/api/v1/imports/{importId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
        undone.GetProperty("status").GetString().ShouldBe("undone");
        var restored = await (await api.GetAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        restored.GetProperty("firstName").GetString().ShouldBe("Old");
        restored.GetProperty("jobTitle").GetString().ShouldBe("Clerk");
        var left = await api.ContactsAsync();
        left.Count.ShouldBe(1);
        // The created record is in the trash, restorable.
        var trash = await (await api.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        trash.GetProperty("items").EnumerateArray().ShouldContain(t => t.GetProperty("title").GetString() == "Brand");
        await (await api.PostAsync($"/api/v1/imports/{importId}/undo", null)).ShouldBeAsync(HttpStatusCode.Conflict);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_import_left_running_by_a_stopped_process_is_marked_failed_and_can_be_undone(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var report = await api.ImportAsync("First name,E-mail\nAda,ada@example.com\nAlan,alan@example.com\n");
        report.Counts().ShouldBe((2, 0, 0, 0));
        var importId = Guid.Parse(report.GetProperty("id").GetString()!);
        // As if the process had died after its first chunk: the job still says running.
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<Rapport.Data.RapportDb>();
            return await db.Imports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, "running").SetProperty(i => i.FinishedAt, (DateTime?)null));
        });
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        (await Rapport.Imports.ImportWorker.FailStalledAsync(scopes, app.Clock, CancellationToken.None)).ShouldBe(0); // it beat a moment ago
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        // The app's own worker may get there first (it checks on every poll): either way it is marked once.
        (await Rapport.Imports.ImportWorker.FailStalledAsync(scopes, app.Clock, CancellationToken.None)).ShouldBeInRange(0, 1);
        var failed = await (await api.GetAsync($"/api/v1/imports/{importId}")).ShouldBeAsync(HttpStatusCode.OK);
        failed.GetProperty("status").GetString().ShouldBe("failed");
        failed.GetProperty("failure").GetString()!.ShouldContain("interrupted");
        failed.GetProperty("canUndo").GetBoolean().ShouldBeTrue();
        await (await api.PostAsync($"/api/v1/imports/{importId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
        (await api.ContactsAsync()).Count.ShouldBe(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Semicolon_tab_and_bom_files_are_read_and_accounts_import_by_domain(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var semi = await api.ImportAsync("Name;Website;Annual revenue;Size\nGlobex;https://www.globex.example/;1000000;11-50\nInitech;initech.example;lots;11-50\n", "account", bom: true);
        semi.Counts().ShouldBe((1, 0, 0, 1));
        semi.Errors().Single().ShouldBe((3, "Annual revenue", "Must be a number."));
        var tab = await api.ImportAsync("Name\tWebsite\tIndustry\nGlobex Corp\tglobex.example\tManufacturing\nHooli\thooli.example\tTech\n", "account",
            new() { ["onDuplicate"] = "update" });
        tab.Counts().ShouldBe((1, 1, 0, 0));
        var accounts = (await (await api.GetAsync("/api/v1/accounts")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        accounts.Count.ShouldBe(2);
        var globex = accounts.Single(a => a.GetProperty("domain").GetString() == "globex.example");
        globex.GetProperty("name").GetString().ShouldBe("Globex Corp");
        globex.GetProperty("industry").GetString().ShouldBe("Manufacturing");
        // Explicit map: a column renamed, one ignored.
        var mapped = await api.ImportAsync("Surname,Mail,Notes\nCurie,marie@example.com,ignore me\n", fields: new() { ["map"] = """{"Surname":"lastName","Notes":""}""" });
        mapped.Counts().ShouldBe((1, 0, 0, 0));
        (await api.ContactsAsync()).Single().GetProperty("lastName").GetString().ShouldBe("Curie");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_requests_are_400s_and_another_workspace_gets_404(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        var other = await app.SignUpAsync("Other");
        using var api = app.ApiClient(owner.ApiKey);
        using var otherApi = app.ApiClient(other.ApiKey);
        async Task<JsonElement> Bad(MultipartFormDataContent form) => await (await api.PostAsync("/api/v1/imports", form)).ShouldBeAsync(HttpStatusCode.BadRequest);
        const string csv = "First name,E-mail\nA,a@example.com\n";
        (await Bad(ImportHelpers.Form(csv, "planet"))).GetProperty("errors").TryGetProperty("entity", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form(csv, fields: new() { ["onDuplicate"] = "merge" }))).GetProperty("errors").TryGetProperty("onDuplicate", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form(csv, fields: new() { ["matchOn"] = "customFields.nope" }))).GetProperty("errors").TryGetProperty("matchOn", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form(csv, fields: new() { ["map"] = "not json" }))).GetProperty("errors").TryGetProperty("map", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form(csv, fields: new() { ["map"] = """{"Nope":"firstName"}""" }))).GetProperty("errors").TryGetProperty("map.Nope", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form(csv, fields: new() { ["map"] = """{"E-mail":"shoeSize"}""" }))).GetProperty("errors").TryGetProperty("map.E-mail", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form(csv, fields: new() { ["dryRun"] = "maybe" }))).GetProperty("errors").TryGetProperty("dryRun", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form(""))).GetProperty("errors").TryGetProperty("file", out _).ShouldBeTrue();
        (await Bad(ImportHelpers.Form("Colour,Taste\nred,sweet\n"))).GetProperty("errors").TryGetProperty("map", out _).ShouldBeTrue();
        var noFile = new MultipartFormDataContent { { new StringContent("contact"), "entity" } };
        (await Bad(noFile)).GetProperty("errors").TryGetProperty("file", out _).ShouldBeTrue();
        await (await api.PostJsonAsync("/api/v1/imports", new { entity = "contact" })).ShouldBeAsync(HttpStatusCode.BadRequest);

        var report = await api.ImportAsync(csv);
        var id = report.GetProperty("id").GetString();
        await (await otherApi.GetAsync($"/api/v1/imports/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await otherApi.PostAsync($"/api/v1/imports/{id}/undo", null)).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await otherApi.GetAsync("/api/v1/imports")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_dry_run_runs_for_real_with_its_file_and_options_once_and_only_a_dry_run_does(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Rapport:AllowSignup"] = "true" });
        var owner = await app.SignUpAsync("Acme");
        var other = await app.SignUpAsync("Other");
        using var api = app.ApiClient(owner.ApiKey);
        using var otherApi = app.ApiClient(other.ApiKey);
        var dry = await api.ImportAsync("Surname,Mail,Notes\nCurie,marie@example.com,ignore me\nNoether,emmy@example.com,\n",
            fields: new() { ["dryRun"] = "true", ["map"] = """{"Surname":"lastName","Notes":""}""" });
        dry.Counts().ShouldBe((2, 0, 0, 0));
        (await api.ContactsAsync()).Count.ShouldBe(0);
        var dryId = dry.GetProperty("id").GetString();

        // Another workspace does not see it; a readonly key may not run it.
        await (await otherApi.PostAsync($"/api/v1/imports/{dryId}/run", null)).ShouldBeAsync(HttpStatusCode.NotFound);
        var readonlyKey = await (await api.PostJsonAsync("/api/v1/api-keys", new { name = "Reporting", role = "readonly" })).ShouldBeAsync(HttpStatusCode.Created);
        using var reader = app.ApiClient(readonlyKey.GetProperty("key").GetString()!);
        await (await reader.PostAsync($"/api/v1/imports/{dryId}/run", null)).ShouldBeAsync(HttpStatusCode.Forbidden);

        var queued = await (await api.PostAsync($"/api/v1/imports/{dryId}/run", null)).ShouldBeAsync(HttpStatusCode.Accepted);
        var realId = queued.GetProperty("id").GetString()!;
        realId.ShouldNotBe(dryId);
        var real = await api.WaitAsync(realId);
        real.GetProperty("dryRun").GetBoolean().ShouldBeFalse();
        real.Counts().ShouldBe((2, 0, 0, 0));
        (await api.ContactsAsync()).Select(c => c.GetProperty("lastName").GetString()).Order().ShouldBe(["Curie", "Noether"]); // the dry run's map

        // The file went with the completed import: the dry run cannot run twice; a real import never runs "for real".
        (await (await api.PostAsync($"/api/v1/imports/{dryId}/run", null)).ShouldBeAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("dry run");
        await (await api.PostAsync($"/api/v1/imports/{realId}/run", null)).ShouldBeAsync(HttpStatusCode.Conflict);
    }
}
