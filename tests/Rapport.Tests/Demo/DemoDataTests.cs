using Rapport.Records;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Activities;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Demo;
using Rapport.Tests.Infrastructure;
using Shouldly;
using Xunit.Abstractions;

namespace Rapport.Tests.Demo;

/// <summary>
/// Demo data: what it holds, that every record passes the rules the API applies to its own writes,
/// and the four doors to it (setup page, sign-up API, Settings, CLI).
/// </summary>
public partial class DemoDataTests(SharedApps apps, ITestOutputHelper output) : SharedAppTests(apps)
{
    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();

    private static Task<SeedDemoData.Result> SeedAsync(RapportApp app, Guid workspaceId) =>
        app.InWorkspaceAsync(workspaceId, sp => sp.GetRequiredService<SeedDemoData>().HandleAsync(default));

    [Theory, SqliteData, PostgresData]
    public async Task Seeding_fills_an_empty_workspace_with_records_the_api_accepts(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        // A second member, so records and tasks are shared out and notes can mention someone.
        var sam = await (await api.PostJsonAsync("/api/v1/users", new { email = "sam@example.com", name = "Sam Sales", role = "sales", password = "sams long password" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var samId = sam.GetProperty("id").GetGuid();

        var clock = Stopwatch.StartNew();
        var result = await SeedAsync(app, owner.WorkspaceId);
        clock.Stop();
        output.WriteLine($"{provider}: seeded {result.Summary} in {result.Elapsed.TotalMilliseconds:0} ms (handler), {clock.ElapsedMilliseconds} ms (call)");
        result.ShouldBe(new SeedDemoData.Result(50, 200, 1000, 200, 150, 3, result.Elapsed));
        result.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "a first-run choice must not keep the person waiting");

        // Every contact, through the API's list, in pages.
        var contacts = await ListAllAsync(api, "/api/v1/contacts");
        var accounts = await ListAllAsync(api, "/api/v1/accounts");
        contacts.Count.ShouldBe(200);
        accounts.Count.ShouldBe(50);

        var accountIds = accounts.Select(a => a.GetProperty("id").GetGuid()).ToHashSet();
        var memberIds = new HashSet<Guid> { owner.UserId, samId };
        var emails = new HashSet<string>();
        foreach (var c in contacts)
        {
            var who = $"{c.GetProperty("firstName")} {c.GetProperty("lastName")}";
            c.GetProperty("firstName").GetString().ShouldNotBeNullOrWhiteSpace();
            c.GetProperty("lastName").GetString().ShouldNotBeNullOrWhiteSpace();
            var email = c.GetProperty("email").GetString()!;
            emails.Add(email).ShouldBeTrue($"{email} is used twice");
            email.ShouldMatch(@"\.example$|@example\.(com|net|org)$", "demo addresses must never reach a real inbox");
            foreach (var p in c.GetProperty("phones").EnumerateArray())
            {
                var number = p.GetProperty("number").GetString()!;
                number.ShouldMatch(E164().ToString(), who);
                PhoneNumbers.Normalize(number, "US").ShouldBe(number, who);
            }
            if (c.GetProperty("phone").GetString() is { } primary)
            {
                c.GetProperty("phones").EnumerateArray().Count(p => p.GetProperty("primary").GetBoolean()).ShouldBe(1, who);
                // The number belongs to the person's country (the calling code of their address or their employer's).
                var countries = c.GetProperty("addresses").EnumerateArray().Select(a => a.GetProperty("country").GetString()!).ToList();
                if (countries.Count > 0)
                    countries.Any(country => primary.StartsWith("+" + PhoneNumbers.CallingCodes[country])).ShouldBeTrue($"{who}: {primary} vs {string.Join(",", countries)}");
            }
            foreach (var link in c.GetProperty("accounts").EnumerateArray())
            {
                accountIds.ShouldContain(link.GetProperty("accountId").GetGuid(), who);
                AccountRoles.All.ShouldContain(link.GetProperty("role").GetString());
            }
            if (c.GetProperty("ownerId").ValueKind != JsonValueKind.Null) memberIds.ShouldContain(c.GetProperty("ownerId").GetGuid());
            if (c.GetProperty("birthDate").GetString() is { } birth) DateOnly.Parse(birth).ShouldBeLessThan(DateOnly.FromDateTime(DateTime.UtcNow.AddYears(-18)));
        }

        // The spread a demo needs to show every part of the product.
        contacts.Select(c => c.GetProperty("lifecycleStage").GetString()).Distinct().Order().ShouldBe(LifecycleStages.All.Order());
        var tags = contacts.SelectMany(c => c.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)).ToHashSet();
        foreach (var tag in new[] { "vip", "newsletter", "partner" }) tags.ShouldContain(tag);
        contacts.SelectMany(c => c.GetProperty("accounts").EnumerateArray().Select(l => l.GetProperty("role").GetString())).Distinct().Order()
            .ShouldBe(AccountRoles.All.Order());
        contacts.Select(c => c.GetProperty("ownerId").GetGuid()).Distinct().Count().ShouldBe(2, "both members own contacts");
        var consent = contacts.SelectMany(c => c.GetProperty("consent").EnumerateObject().Select(ch => ch.Value.GetProperty("status").GetString())).ToHashSet();
        consent.ShouldBe(["granted", "revoked", "unknown"], ignoreOrder: true);
        contacts.Count(c => c.GetProperty("customFields").TryGetProperty("preferredContactTime", out _)).ShouldBeGreaterThan(50);
        accounts.Select(a => a.GetProperty("size").GetString()).Distinct().Order().ShouldBe(AccountSizes.All.Order());
        accounts.Count(a => a.GetProperty("parentAccountId").ValueKind == JsonValueKind.String).ShouldBeGreaterThanOrEqualTo(3);
        foreach (var a in accounts)
        {
            AccountWriter.NormalizeDomain(a.GetProperty("domain").GetString()).ShouldBe(a.GetProperty("domain").GetString());
            if (a.GetProperty("parentAccountId").ValueKind == JsonValueKind.String) accountIds.ShouldContain(a.GetProperty("parentAccountId").GetGuid());
            a.GetProperty("annualRevenue").GetDecimal().ShouldBeGreaterThan(0);
            PhoneNumbers.Normalize(a.GetProperty("phone").GetString(), "US").ShouldBe(a.GetProperty("phone").GetString());
        }
        accounts.Count(a => a.GetProperty("customFields").TryGetProperty("contractValue", out _)).ShouldBeGreaterThan(20);
        accounts.Count(a => a.GetProperty("customFields").TryGetProperty("renewalDate", out _)).ShouldBeGreaterThan(20);

        // The API's filters find it (built-in, tag, custom field; the custom field in SQL through its cf_* index).
        (await ListAllAsync(api, "/api/v1/contacts?tag=vip")).Count.ShouldBe(contacts.Count(c => c.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "vip")));
        (await ListAllAsync(api, "/api/v1/contacts?lifecycleStage=advocacy")).Count.ShouldBeGreaterThan(0);
        (await ListAllAsync(api, "/api/v1/contacts?customFields.preferredContactTime=Morning")).Count.ShouldBeGreaterThan(0);
        (await ListAllAsync(api, "/api/v1/accounts?customFields.contractValue.gt=100000")).Count.ShouldBeGreaterThan(0);

        // Activity through its API: every list pages to the end; "My tasks" has something in each bucket for the owner.
        (await ListAllAsync(api, "/api/v1/interactions")).Count.ShouldBe(1000);
        (await ListAllAsync(api, "/api/v1/notes")).Count.ShouldBe(200);
        (await ListAllAsync(api, "/api/v1/tasks")).Count.ShouldBe(150);
        var mine = (await (await api.GetAsync("/api/v1/tasks/mine")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("counts");
        mine.GetProperty("overdue").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
        mine.GetProperty("today").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
        mine.GetProperty("upcoming").GetInt32().ShouldBeGreaterThanOrEqualTo(5);
        var busiest = contacts.First(c => c.GetProperty("lifecycleStage").GetString() == "retention");
        var timeline = await ListAllAsync(api, $"/api/v1/contacts/{busiest.GetProperty("id")}/timeline");
        timeline.Select(t => t.GetProperty("type").GetString()).ShouldContain("interaction");
        timeline.Select(t => t.GetProperty("type").GetString()).ShouldContain("stageChange");
        (await ListAllAsync(api, $"/api/v1/accounts/{accounts[0].GetProperty("id")}/timeline")).ShouldNotBeEmpty();
        var found = await (await api.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(busiest.GetProperty("lastName").GetString()!)}")).ShouldBeAsync(HttpStatusCode.OK);
        found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ShouldContain(busiest.GetProperty("id").GetString());

        // Each record passes the writers and validators the API uses, field by field, as if it were sent again.
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var contactWriter = sp.GetRequiredService<ContactWriter>();
            foreach (var c in contacts)
            {
                var body = Resendable(c, "id", "createdAt", "updatedAt", "version", "fullName");
                var consentNow = body["consent"]!.AsObject();
                foreach (var channel in consentNow.Where(x => x.Value!["status"]!.GetValue<string>() == "unknown").Select(x => x.Key).ToList())
                    consentNow.Remove(channel);
                await ShouldBeValidAsync(() => contactWriter.ApplyAsync(new Contact { WorkspaceId = owner.WorkspaceId }, body, creating: true, default), c);
            }
            var accountWriter = sp.GetRequiredService<AccountWriter>();
            foreach (var a in accounts)
                await ShouldBeValidAsync(() => accountWriter.ApplyAsync(new Account { WorkspaceId = owner.WorkspaceId },
                    Resendable(a, "id", "createdAt", "updatedAt", "version"), creating: true, default), a);
            var db = sp.GetRequiredService<RapportDb>();
            foreach (var i in await db.Interactions.AsNoTracking().ToListAsync())
                new Rapport.Activities.Features.ManageInteractions.Validator().Validate(new Rapport.Activities.Features.ManageInteractions.Request(
                    i.ContactId, i.AccountId, i.Channel, i.Direction, i.OccurredAt, i.DurationSeconds, i.Subject, i.Body, i.Outcome,
                    Participant.FromJson(i.Participants))).Errors.ShouldBeEmpty(i.Subject);
            foreach (var t in await db.Tasks.AsNoTracking().ToListAsync())
                new Rapport.Activities.Features.ManageTasks.Validator().Validate(new Rapport.Activities.Features.ManageTasks.Request(
                    t.Title, t.Description, t.DueAt, t.RemindAt, t.Priority, t.AssigneeId, t.ContactId, t.AccountId, t.Status)).Errors.ShouldBeEmpty(t.Title);
            foreach (var n in await db.Notes.AsNoTracking().ToListAsync())
            {
                new Rapport.Activities.Features.ManageNotes.Validator().Validate(new Rapport.Activities.Features.ManageNotes.Request(n.ContactId, n.AccountId, n.Body))
                    .Errors.ShouldBeEmpty(n.Body);
                // The mentions recorded are the ones the notes' own parser finds in the text.
                Mentions.Parse(n.Body).UserIds.ShouldBe(Mentions.FromJson(n.Mentions), ignoreOrder: true);
            }
            return 0;
        });

        // Activity, history and the ledger, checked in the database.
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var now = db.Now;
            var interactions = await db.Interactions.AsNoTracking().ToListAsync();
            interactions.Count.ShouldBe(1000);
            interactions.Select(i => i.Channel).Distinct().Order().ShouldBe(InteractionChannels.All.Order());
            interactions.ShouldAllBe(i => i.OccurredAt <= now && i.OccurredAt >= now.AddDays(-550) && i.CreatedAt <= now && i.Subject.Length > 0);
            interactions.ShouldAllBe(i => InteractionChannels.Directions.Contains(i.Direction));
            interactions.ShouldAllBe(i => !i.Subject.Contains('{') && (i.Body == null || !i.Body.Contains('{')));
            interactions.Min(i => i.OccurredAt).ShouldBeLessThan(now.AddDays(-365), "activity goes back about 18 months");
            interactions.Count(i => i.OccurredAt > now.AddDays(-30)).ShouldBeGreaterThan(40, "and is busiest lately");
            interactions.Where(i => i.Channel is "call" or "meeting").ShouldAllBe(i => i.DurationSeconds > 0);
            var contactCreated = await db.Contacts.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.CreatedAt);
            interactions.Where(i => i.ContactId != null).ShouldAllBe(i => contactCreated.ContainsKey(i.ContactId!.Value) && i.OccurredAt >= contactCreated[i.ContactId!.Value]);

            var notes = await db.Notes.AsNoTracking().ToListAsync();
            notes.Count.ShouldBe(200);
            notes.Count(n => n.Body.Contains("**") || n.Body.Contains("\n- ") || n.Body.Contains("## ")).ShouldBeGreaterThan(20, "some notes use Markdown");
            var mentioning = notes.Where(n => n.Mentions != "[]").ToList();
            mentioning.ShouldNotBeEmpty();
            mentioning.ShouldAllBe(n => n.Body.Contains("](user:"));

            var tasks = await db.Tasks.AsNoTracking().ToListAsync();
            tasks.Count.ShouldBe(150);
            tasks.Select(t => t.Priority).Distinct().Order().ShouldBe(TaskPriorities.All.Order());
            tasks.Where(t => t.Status == TaskStatuses.Completed).ShouldAllBe(t => t.CompletedAt != null && t.CompletedAt <= now);
            tasks.Where(t => t.Status == TaskStatuses.Open).ShouldAllBe(t => t.CompletedAt == null);
            tasks.Where(t => t.RemindAt != null && t.RemindAt <= now).ShouldAllBe(t => t.RemindedAt != null, "no burst of reminders for the past");
            tasks.Where(t => t.ContactId != null).ShouldAllBe(t => t.CreatedAt >= contactCreated[t.ContactId!.Value]);
            tasks.Select(t => t.AssigneeId).Distinct().Count().ShouldBe(2);

            // Stage history ends at each contact's stage; the consent state is the ledger's latest line per channel.
            var stages = (await db.LifecycleStageChanges.AsNoTracking().ToListAsync()).GroupBy(s => s.ContactId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.ChangedAt).ToList());
            var ledger = (await db.ConsentEvents.AsNoTracking().ToListAsync()).GroupBy(e => e.ContactId).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var c in await db.Contacts.AsNoTracking().ToListAsync())
            {
                var history = stages[c.Id];
                history[0].FromStage.ShouldBeNull();
                history[0].ChangedAt.ShouldBe(c.CreatedAt);
                history[^1].ToStage.ShouldBe(c.LifecycleStage);
                for (var i = 1; i < history.Count; i++) history[i].FromStage.ShouldBe(history[i - 1].ToStage);
                history.ShouldAllBe(s => s.ChangedAt <= now);
                var state = ContactDto.ConsentOf(c.Consent);
                foreach (var channel in ConsentChannels.All)
                {
                    var last = ledger.GetValueOrDefault(c.Id)?.Where(e => e.Channel == channel).OrderBy(e => e.At).LastOrDefault();
                    state[channel].Status.ShouldBe(last?.Status ?? ConsentChannels.Unknown);
                }
                if (state["email"].Status != ConsentChannels.Granted)
                    (await db.ContactTags.AnyAsync(t => t.ContactId == c.Id && t.Tag == "newsletter")).ShouldBeFalse("newsletter without e-mail consent");
            }

            // The custom fields came through the Settings handler: their cf_* indexes exist.
            var indexes = db.IsSqlite
                ? await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND name LIKE 'cf_%'").ToListAsync()
                : await db.Database.SqlQueryRaw<string>("SELECT indexname AS \"Value\" FROM pg_indexes WHERE indexname LIKE 'cf_%'").ToListAsync();
            indexes.ShouldContain(CustomFieldIndexes.NameOf("contacts", "preferredContactTime", numeric: false));
            indexes.ShouldContain(CustomFieldIndexes.NameOf("accounts", "contractValue", numeric: true));
            return 0;
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_second_seed_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Acme");
        await SeedAsync(app, owner.WorkspaceId);

        var refused = await Should.ThrowAsync<ConflictException>(() => SeedAsync(app, owner.WorkspaceId));
        refused.Message.ShouldContain("already has contacts");
        using var api = app.ApiClient(owner.ApiKey);
        (await ListAllAsync(api, "/api/v1/contacts")).Count.ShouldBe(200);

        // A workspace with one account of its own is not empty either.
        await using var other = new RapportApp(provider);
        var second = await other.SignUpAsync("Beta");
        using var secondApi = other.ApiClient(second.ApiKey);
        await (await secondApi.PostJsonAsync("/api/v1/accounts", new { name = "Real Customer Ltd" })).ShouldBeAsync(HttpStatusCode.Created);
        await Should.ThrowAsync<ConflictException>(() => SeedAsync(other, second.WorkspaceId));
        (await ListAllAsync(secondApi, "/api/v1/accounts")).Count.ShouldBe(1);
        (await ListAllAsync(secondApi, "/api/v1/custom-fields")).Count.ShouldBe(0, "nothing was created before the refusal");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_admins_load_demo_data_and_it_stays_in_its_workspace(DatabaseProvider provider)
    {
        var app = App(provider);
        var a = await app.SignUpAsync("A");
        var b = await app.SignUpAsync("B");
        await Should.ThrowAsync<ForbiddenException>(() => app.InWorkspaceAsync(a.WorkspaceId, sp =>
        {
            sp.GetRequiredService<RequestContext>().Set(a.WorkspaceId, Roles.Sales, a.UserId);
            return sp.GetRequiredService<SeedDemoData>().HandleAsync(default);
        }));
        await SeedAsync(app, a.WorkspaceId);
        using var apiB = app.ApiClient(b.ApiKey);
        (await ListAllAsync(apiB, "/api/v1/contacts")).ShouldBeEmpty();
        (await ListAllAsync(apiB, "/api/v1/custom-fields")).ShouldBeEmpty();
        await SeedAsync(app, b.WorkspaceId); // the shared cf_* indexes already exist: fine
        (await ListAllAsync(apiB, "/api/v1/contacts")).Count.ShouldBe(200);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Signup_with_demoData_fills_the_new_workspace(DatabaseProvider provider)
    {
        var app = App(provider);
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/signup",
            new { workspaceName = "Demo Co", name = "Dana Demo", email = "dana@example.com", password = "correct horse battery", demoData = true });
        var body = await response.ShouldBeAsync(HttpStatusCode.Created);
        using var api = app.ApiClient(body.GetProperty("apiKey").GetString()!);
        var contacts = await ListAllAsync(api, "/api/v1/contacts");
        contacts.Count.ShouldBe(200);
        contacts.ShouldContain(c => c.GetProperty("ownerId").GetGuid() == body.GetProperty("userId").GetGuid());

        // Without the flag (or with false) the workspace starts empty.
        var plain = await (await client.PostAsJsonAsync("/api/v1/signup",
            new { workspaceName = "Real Co", name = "Rita Real", email = "rita@example.com", password = "correct horse battery", demoData = false }))
            .ShouldBeAsync(HttpStatusCode.Created);
        using var plainApi = app.ApiClient(plain.GetProperty("apiKey").GetString()!);
        (await ListAllAsync(plainApi, "/api/v1/contacts")).ShouldBeEmpty();
        await (await client.PostAsJsonAsync("/api/v1/signup",
            new { workspaceName = "X", name = "X", email = "x@example.com", password = "correct horse battery", demoData = "yes" })).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Setup_page_offers_demo_data_unchecked_and_loads_it_when_ticked()
    {
        await using var app = new RapportApp(DatabaseProvider.Sqlite);
        using var ui = app.UiClient();
        var setup = await (await ui.GetAsync("/setup")).Content.ReadAsStringAsync();
        setup.ShouldContain("Explore with demo data");
        setup.ShouldContain("you can delete later");
        Regex.Match(setup, "<input[^>]*name=\"demoData\"[^>]*>").Value.ShouldNotContain("checked", customMessage: "unchecked by default: a real workspace starts empty");

        var done = await ui.SubmitFormAsync("/setup", "/setup", new()
        {
            ["workspaceName"] = "Acme", ["name"] = "Ana Owner", ["email"] = "ana@example.com", ["password"] = "correct horse battery", ["demoData"] = "true",
        });
        done.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await done.Content.ReadAsStringAsync();
        html.ShouldContain("Demo data loaded: 50 accounts, 200 contacts");
        var key = Regex.Match(html, "rpk_[A-Za-z0-9_\\-]+").Value;
        using var api = app.ApiClient(key);
        (await ListAllAsync(api, "/api/v1/contacts")).Count.ShouldBe(200);
        (await ui.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK, "signed in as the new owner");
    }

    [Fact]
    public async Task Setup_without_the_box_starts_empty_and_a_form_error_keeps_the_choice()
    {
        await using var app = new RapportApp(DatabaseProvider.Sqlite);
        using var ui = app.UiClient();
        var error = await ui.SubmitFormAsync("/setup", "/setup", new()
        {
            ["workspaceName"] = "Acme", ["name"] = "Ana Owner", ["email"] = "not-an-email", ["password"] = "correct horse battery", ["demoData"] = "true",
        });
        error.StatusCode.ShouldBe((HttpStatusCode)422);
        Regex.Match(await error.Content.ReadAsStringAsync(), "<input[^>]*name=\"demoData\"[^>]*>").Value.ShouldContain("checked");

        var done = await ui.SubmitFormAsync("/setup", "/setup", new()
        {
            ["workspaceName"] = "Acme", ["name"] = "Ana Owner", ["email"] = "ana@example.com", ["password"] = "correct horse battery",
        });
        var html = await done.Content.ReadAsStringAsync();
        html.ShouldNotContain("Demo data loaded");
        using var api = app.ApiClient(Regex.Match(html, "rpk_[A-Za-z0-9_\\-]+").Value);
        (await ListAllAsync(api, "/api/v1/contacts")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Settings_offer_Load_demo_data_while_the_workspace_is_empty()
    {
        await using var app = new RapportApp(DatabaseProvider.Sqlite);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/users", new { email = "sam@example.com", name = "Sam Sales", role = "sales", password = "sams long password" }))
            .ShouldBeAsync(HttpStatusCode.Created);

        using var sales = app.UiClient();
        await sales.SignInAsync("sam@example.com", "sams long password");
        (await sales.GetAsync("/settings/workspace")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var ui = app.UiClient();
        await ui.SignInAsync(owner.Email, owner.Password);
        var page = await (await ui.GetAsync("/settings/workspace")).Content.ReadAsStringAsync();
        page.ShouldContain("Load demo data");
        var loaded = await ui.SubmitFormAsync("/settings/workspace", "/settings/workspace/demo-data", []);
        loaded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await (await ui.GetAsync(loaded.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        after.ShouldContain("Demo data loaded: 50 accounts, 200 contacts, 1000 interactions, 200 notes, 150 tasks");
        after.ShouldNotContain("Load demo data");
        (await ListAllAsync(api, "/api/v1/contacts")).Count.ShouldBe(200);

        // A stale page posting again gets the 409 page, and nothing is added.
        var again = await ui.SubmitFormAsync("/settings/workspace", "/settings/workspace/demo-data", []);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already has contacts");
        (await ListAllAsync(api, "/api/v1/contacts")).Count.ShouldBe(200);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Cli_demo_fills_the_workspace_once(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var created = await CliRun.RunAsync(db, "workspace", "create", "--name", "Acme", "--owner-email", "olivia@example.com", "--owner-password", "correct horse battery");
        created.Code.ShouldBe(0, created.Err);
        var workspaceId = created.Out.Trim().Split('\n')[^1].Trim();

        var run = await CliRun.RunAsync(db, "demo", "--workspace", workspaceId);
        run.Code.ShouldBe(0, run.Err);
        run.Out.ShouldContain("Loaded demo data into workspace 'Acme': 50 accounts, 200 contacts, 1000 interactions, 200 notes, 150 tasks");
        output.WriteLine($"{provider} CLI: {run.Out.Trim()}");

        var again = await CliRun.RunAsync(db, "demo", "--workspace", workspaceId);
        again.Code.ShouldBe(1);
        again.Err.ShouldContain("already has contacts");
        var unknown = await CliRun.RunAsync(db, "demo", "--workspace", Guid.NewGuid().ToString());
        unknown.Code.ShouldBe(1);
        unknown.Err.ShouldContain("No workspace with id");
        (await CliRun.RunAsync(db, "demo")).Code.ShouldBe(2, "--workspace is required");
    }

    [Fact]
    public void The_same_seed_gives_the_same_people_and_activity()
    {
        var members = new List<DemoMember> { new(Guid.NewGuid(), "Olivia Owner", Roles.Owner), new(Guid.NewGuid(), "Sam Sales", Roles.Sales) };
        var now = new DateTime(2026, 3, 14, 15, 9, 26, DateTimeKind.Utc);
        DemoDataset Build(Guid workspace, DateTime? at = null) =>
            new DemoGenerator(workspace, at ?? now, members, members[0], TimeZoneInfo.Utc, "US", [], []).Build();

        var one = Build(Guid.NewGuid());
        var two = Build(Guid.NewGuid());
        two.Contacts.Select(c => (c.FullName, c.Email, c.Phone, c.JobTitle, c.LifecycleStage, c.CreatedAt))
            .ShouldBe(one.Contacts.Select(c => (c.FullName, c.Email, c.Phone, c.JobTitle, c.LifecycleStage, c.CreatedAt)));
        two.Interactions.Select(i => (i.Subject, i.OccurredAt)).ShouldBe(one.Interactions.Select(i => (i.Subject, i.OccurredAt)));
        two.Tasks.Select(t => (t.Title, t.DueAt)).ShouldBe(one.Tasks.Select(t => (t.Title, t.DueAt)));
        // Loaded another day, the cast is the same (times move with the clock).
        Build(Guid.NewGuid(), now.AddDays(40).AddHours(7)).Contacts.Select(c => (c.FullName, c.Email, c.Phone, c.JobTitle))
            .ShouldBe(one.Contacts.Select(c => (c.FullName, c.Email, c.Phone, c.JobTitle)));

        // A taste of it, in the test log.
        foreach (var c in one.Contacts.Take(5)) output.WriteLine($"{c.FullName} <{c.Email}> {c.Phone} · {c.JobTitle} · {c.LifecycleStage}");
        foreach (var i in one.Interactions.Where(i => i.Channel is "call" or "email").Take(4)) output.WriteLine($"[{i.Channel}/{i.Direction}] {i.Subject} → {i.Outcome}\n{i.Body}\n");
    }

    /// <summary>Every item of a list endpoint, following nextCursor with the largest page.</summary>
    private static async Task<List<JsonElement>> ListAllAsync(HttpClient api, string url)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var sep = url.Contains('?') ? '&' : '?';
            var page = await (await api.GetAsync($"{url}{sep}limit=200{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}")).ShouldBeAsync(HttpStatusCode.OK);
            if (page.ValueKind == JsonValueKind.Array) return page.EnumerateArray().ToList();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        return items;
    }

    private static async Task ShouldBeValidAsync(Func<Task> write, JsonElement record)
    {
        try { await write(); }
        catch (ValidationFailedException e)
        {
            throw new Xunit.Sdk.XunitException($"{string.Join("; ", e.Errors.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}"))}\n{record}");
        }
    }

    private static JsonObject Resendable(JsonElement record, params string[] readOnly)
    {
        var body = JsonNode.Parse(record.GetRawText())!.AsObject();
        foreach (var key in readOnly) body.Remove(key);
        return body;
    }
}
