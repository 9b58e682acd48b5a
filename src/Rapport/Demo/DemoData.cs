using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Activities;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Data;
using Rapport.Platform;
using static Rapport.Demo.DemoCatalog;
using Rapport.Records;

namespace Rapport.Demo;

public static class DemoModule
{
    /// <summary>Demo data for the first-run "explore with demo data" choice (setup page, sign-up API, CLI, Settings).</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<SeedDemoData>();
        return services;
    }
}

/// <summary>
/// Fills the current workspace with believable sample data: 50 accounts (a few with subsidiaries),
/// 200 contacts across all lifecycle stages with their stage history, consent ledger, tags and
/// account roles, 1,000 interactions over the last 18 months on every channel, 200 notes, 150 tasks
/// (overdue, due today, upcoming, done) and three custom fields with values. Deterministic: a fixed
/// seed, with times placed relative to now. The workspace's active members own the records and are
/// assigned the tasks; the acting person gets a full "My tasks" page.
/// <para>
/// Rows are built in memory and inserted through EF in three SaveChanges in one transaction (audit
/// entries and the same outbox events as the API's handlers included), so it is all or nothing.
/// Only an empty workspace (no contacts, no accounts) takes demo data: otherwise 409. Demo records
/// carry an <c>externalId</c> starting with <c>demo-</c>.
/// </para>
/// </summary>
public sealed class SeedDemoData(RapportDb db, RequestContext ctx, ManageCustomFields customFields)
{
    public const int Seed = 20_240_314;
    public const int AccountCount = 50, ContactCount = 200, InteractionCount = 1000, NoteCount = 200, TaskCount = 150;

    public sealed record Result(int Accounts, int Contacts, int Interactions, int Notes, int Tasks, int CustomFields, TimeSpan Elapsed)
    {
        public string Summary =>
            $"{Accounts} accounts, {Contacts} contacts, {Interactions} interactions, {Notes} notes, {Tasks} tasks";
    }

    /// <summary>Whether demo data can be loaded: the workspace has no contacts and no accounts (the trash does not count).</summary>
    public async Task<bool> IsWorkspaceEmptyAsync(CancellationToken ct) =>
        !await db.Contacts.AnyAsync(ct) && !await db.Accounts.AnyAsync(ct);

    public async Task<Result> HandleAsync(CancellationToken ct)
    {
        if (!ctx.HasWorkspace) throw new NotFoundException("The workspace was not found.");
        ctx.EnsureAdmin();
        var clock = Stopwatch.StartNew();
        await EnsureEmptyAsync(ct);

        var workspaceId = ctx.WorkspaceId;
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.DefaultCountry, w.TimeZone, w.BaseCurrency }).SingleAsync(ct);
        var members = await db.Memberships.AsNoTracking()
            .Where(m => m.DeactivatedAt == null && m.Role != Roles.ReadOnly)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new DemoMember(m.UserId, m.User!.Name, m.Role)).ToListAsync(ct);

        // Definitions first, through the same handler as Settings (it builds their cf_* indexes):
        // DDL stays out of the data transaction, and a retry finds and reuses them.
        var created = await EnsureCustomFieldsAsync(workspace.BaseCurrency, ct);
        var contactDefs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        var accountDefs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Account, ct);

        var me = members.FirstOrDefault(m => m.UserId == ctx.UserId)
            ?? members.FirstOrDefault(m => m.Role == Roles.Owner) ?? members.FirstOrDefault();
        var data = new DemoGenerator(workspaceId, db.Now, members, me, Times.Zone(workspace.TimeZone), workspace.DefaultCountry,
            contactDefs, accountDefs).Build();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // SQLite's transaction takes the write lock at BEGIN; PostgreSQL needs a lock to make the
            // emptiness check and the inserts one step when two requests race.
            if (!db.IsSqlite)
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(7261, {LockKey(workspaceId)})", ct);
            await EnsureEmptyAsync(ct);

            db.Accounts.AddRange(data.Accounts);
            db.Contacts.AddRange(data.Contacts);
            db.LifecycleStageChanges.AddRange(data.StageChanges);
            db.ConsentEvents.AddRange(data.ConsentEvents);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();

            db.Interactions.AddRange(data.Interactions);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();

            db.Notes.AddRange(data.Notes);
            db.Tasks.AddRange(data.Tasks);
            var result = new Result(data.Accounts.Count, data.Contacts.Count, data.Interactions.Count, data.Notes.Count, data.Tasks.Count, created, TimeSpan.Zero);
            // One event for the whole load, not one per record: an integration listening for contact.created
            // should not copy 1,500 invented records out of Rapport (search is kept by triggers, not events).
            db.Publish(new DemoDataLoaded(result.Accounts, result.Contacts, result.Interactions, result.Notes, result.Tasks));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await DemoSales.AddAsync(db, workspaceId, data, members, workspace.BaseCurrency, db.Now, ct);
            await DemoLeads.SeedAsync(db, workspaceId, db.Now, members, data.Contacts, data.Accounts, ct);
            await tx.CommitAsync(ct);
            return result with { Elapsed = clock.Elapsed };
        }
    }

    private async Task EnsureEmptyAsync(CancellationToken ct)
    {
        if (!await IsWorkspaceEmptyAsync(ct))
            throw new ConflictException("This workspace already has contacts or accounts: demo data is only loaded into an empty workspace.");
    }

    private static int LockKey(Guid workspaceId) => BitConverter.ToInt32(workspaceId.ToByteArray(), 12);

    internal const string PreferredContactTime = "preferredContactTime", ContractValue = "contractValue", RenewalDate = "renewalDate";

    /// <summary>Creates the demo's custom fields unless the workspace has them (a field with the same key and type is reused); returns how many were created.</summary>
    private async Task<int> EnsureCustomFieldsAsync(string currency, CancellationToken ct)
    {
        var wanted = new (string Entity, string Key, string Label, string Type, JsonObject Extra)[]
        {
            (CustomFieldEntities.Contact, PreferredContactTime, "Preferred contact time", CustomFieldTypes.SingleSelect,
                new JsonObject { ["options"] = new JsonArray(PreferredContactTimes.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()) }),
            (CustomFieldEntities.Account, ContractValue, "Contract value", CustomFieldTypes.Currency, new JsonObject { ["currency"] = currency }),
            (CustomFieldEntities.Account, RenewalDate, "Renewal date", CustomFieldTypes.Date, []),
        };
        var existing = await db.CustomFieldDefinitions.AsNoTracking().IgnoreQueryFilters([RapportDb.SoftDeleteFilter])
            .Select(d => new { d.Entity, d.Key }).ToListAsync(ct);
        var created = 0;
        foreach (var (entity, key, label, type, extra) in wanted)
        {
            if (existing.Any(d => d.Entity == entity && string.Equals(d.Key, key, StringComparison.OrdinalIgnoreCase))) continue;
            var body = new JsonObject { ["entity"] = entity, ["key"] = key, ["label"] = label, ["type"] = type };
            foreach (var (k, v) in extra) body[k] = v?.DeepClone();
            await customFields.CreateAsync(body, ct);
            created++;
        }
        return created;
    }
}

internal sealed record DemoMember(Guid UserId, string Name, string Role)
{
    public string FirstName => Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? Name;
}

internal sealed record DemoDataset(
    List<Account> Accounts, List<Contact> Contacts, List<LifecycleStageChange> StageChanges, List<ConsentEvent> ConsentEvents,
    List<Interaction> Interactions, List<Note> Notes, List<CrmTask> Tasks);

/// <summary>Builds the demo rows in memory from the fixed seed: no database, so it can be tested on its own.</summary>
internal sealed class DemoGenerator(
    Guid workspaceId, DateTime now, IReadOnlyList<DemoMember> members, DemoMember? me, TimeZoneInfo zone, string defaultCountry,
    IReadOnlyList<CustomFieldDefinition> contactDefs, IReadOnlyList<CustomFieldDefinition> accountDefs)
{
    private readonly Random r = new(SeedDemoData.Seed);
    private readonly HashSet<string> usedPhones = [];
    private readonly HashSet<string> usedEmails = [];
    private readonly HashSet<string> usedNames = [];

    private sealed class AccountPlan(Company company, City city, Account entity)
    {
        public Company Company { get; } = company;
        public City City { get; } = city;
        public Account Entity { get; } = entity;
        public PostalAddress Address { get; set; } = null!;
        public DateOnly? Renewal { get; set; }
        public List<PersonPlan> People { get; } = [];
    }

    private sealed record LinkPlan(AccountPlan Account, string Role, string? Title);

    private sealed class PersonPlan(int index, Contact entity, AccountPlan? employer, City city, DemoMember? owner)
    {
        public int Index { get; } = index;
        public Contact Entity { get; } = entity;
        public List<LinkPlan> Links { get; } = [];
        public AccountPlan? Employer { get; } = employer;
        public City City { get; } = city;
        public DemoMember? Owner { get; } = owner;
        /// <summary>When the contact reached each stage (index = stage).</summary>
        public List<DateTime> StageTimes { get; } = [];
        public int Stage { get; set; }
        public bool HasMobile { get; set; }
        /// <summary>Texts already used for this person, so their timeline does not repeat itself.</summary>
        public HashSet<string> Used { get; } = [];

        public Phase PhaseAt(DateTime at)
        {
            var stage = 0;
            for (var i = 0; i < StageTimes.Count; i++) if (StageTimes[i] <= at) stage = i;
            return stage >= 2 ? Phase.Customer : Phase.Prospect;
        }
    }

    public DemoDataset Build()
    {
        var accounts = BuildAccounts();
        var people = BuildPeople(accounts);
        FinishAccounts(accounts);
        var stageChanges = new List<LifecycleStageChange>();
        var consent = new List<ConsentEvent>();
        foreach (var p in people) FinishContact(p, stageChanges, consent);
        var interactions = BuildInteractions(accounts, people);
        var notes = BuildNotes(accounts, people);
        var tasks = BuildTasks(accounts, people);
        return new DemoDataset(accounts.Select(a => a.Entity).ToList(), people.Select(p => p.Entity).ToList(), stageChanges, consent,
            interactions, notes, tasks);
    }

    // ---- Accounts ---------------------------------------------------------------------------------

    private List<AccountPlan> BuildAccounts()
    {
        var plans = new List<AccountPlan>();
        for (var i = 0; i < Companies.Length; i++)
        {
            var c = Companies[i];
            var city = CityNamed(c.City);
            var owner = c.Parent >= 0 ? plans[c.Parent].Entity.OwnerId : Pick(members)?.UserId;
            var account = new Account
            {
                WorkspaceId = workspaceId,
                Name = c.Name,
                Domain = $"{c.Slug}.example",
                Industry = c.Industry,
                Size = c.Size,
                AnnualRevenue = Revenue(c),
                Phone = UniquePhone(city.Landline),
                OwnerId = owner,
                ExternalId = $"demo-account-{i + 1:00}",
            };
            var plan = new AccountPlan(c, city, account);
            plan.Address = new PostalAddress("headquarters", Street(city, office: c.Size is not ("1-10" or "11-50")), city.Name, city.Postcode(r), city.Region, city.Country);
            var addresses = new List<PostalAddress> { plan.Address };
            if (c.Size is "1001-5000" or "5001+")
                addresses.Add(new PostalAddress("billing", $"PO Box {r.Next(1000, 9999)}", city.Name, city.Postcode(r), city.Region, city.Country));
            account.Addresses = Json(addresses);
            var tags = new List<string>
            {
                c.Kind switch { Kind.Customer => "customer", Kind.Prospect => "prospect", Kind.Partner => "partner", _ => "non-profit" },
            };
            if (c.Size is "1001-5000" or "5001+") tags.Add("enterprise");
            if (c.Size is "1-10" or "11-50") tags.Add("smb");
            if (c.Kind == Kind.Customer && r.NextDouble() < 0.15) tags.Add("churn-risk");
            if (c.Kind == Kind.Prospect && r.NextDouble() < 0.3) tags.Add("hot-lead");
            account.Tags = tags.Select(t => new AccountTag { WorkspaceId = workspaceId, Tag = t }).ToList();
            plans.Add(plan);
        }
        return plans;
    }

    private decimal Revenue(Company c)
    {
        var (min, max) = c.Size switch
        {
            "1-10" => (0.3, 2.0), "11-50" => (2.0, 12.0), "51-200" => (10.0, 60.0), "201-1000" => (50.0, 300.0),
            "1001-5000" => (250.0, 1500.0), _ => (1200.0, 8000.0),
        };
        if (c.Kind == Kind.NonProfit) (min, max) = (min / 3, max / 3);
        var millions = min + (max - min) * r.NextDouble();
        return Math.Round((decimal)millions * 100m, 0) * 10_000m;
    }

    /// <summary>Creation time (just before the first contact there) and the id made from it, parents, custom field values.</summary>
    private void FinishAccounts(List<AccountPlan> accounts)
    {
        for (var i = 0; i < accounts.Count; i++)
        {
            var plan = accounts[i];
            var a = plan.Entity;
            var first = plan.People.Min(p => p.Entity.CreatedAt);
            a.CreatedAt = first - TimeSpan.FromHours(r.Next(2, 24 * 10));
            a.UpdatedAt = Between(a.CreatedAt, now.AddDays(-1) > a.CreatedAt ? now.AddDays(-1) : now);
            var values = new JsonObject();
            if (plan.Company.Kind is Kind.Customer or Kind.NonProfit)
            {
                var (min, max) = plan.Company.Size switch
                {
                    "1-10" => (3_000, 9_000), "11-50" => (8_000, 30_000), "51-200" => (25_000, 90_000), "201-1000" => (60_000, 250_000),
                    "1001-5000" => (150_000, 600_000), _ => (400_000, 1_200_000),
                };
                values[SeedDemoData.ContractValue] = r.Next(min / 500, max / 500 + 1) * 500;
                var renewal = DateOnly.FromDateTime(now).AddDays(i % 7 == 0 ? r.Next(5, 30) : r.Next(30, 365));
                plan.Renewal = renewal;
                values[SeedDemoData.RenewalDate] = renewal.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            a.CustomFields = CustomFieldsJson(values, accountDefs, i);
            a.Id = Guid.CreateVersion7(a.CreatedAt);
            foreach (var t in a.Tags) t.AccountId = a.Id;
        }
        foreach (var plan in accounts)
            if (plan.Company.Parent >= 0) plan.Entity.ParentAccountId = accounts[plan.Company.Parent].Entity.Id;
    }

    // ---- Contacts ---------------------------------------------------------------------------------

    private List<PersonPlan> BuildPeople(List<AccountPlan> accounts)
    {
        var people = new List<PersonPlan>();
        var weights = accounts.Select(a => a.Company.Size switch
        {
            "1-10" => 1.0, "11-50" => 2.0, "51-200" => 3.0, "201-1000" => 4.5, "1001-5000" => 6.0, _ => 7.0,
        }).ToArray();
        const int employed = 172;
        for (var i = 0; i < SeedDemoData.ContactCount; i++)
        {
            AccountPlan? employer = i < accounts.Count ? accounts[i] : i < employed ? accounts[WeightedIndex(weights)] : null;
            var city = employer?.City ?? Pick(Cities.Where(c => c.Country == "US").ToArray().Concat(Cities).ToArray());
            var homeCity = employer is not null && r.NextDouble() < 0.85 ? city : Pick(Cities.Where(c => c.Country == city.Country).ToArray());
            var owner = employer is not null && r.NextDouble() < 0.85 && employer.Entity.OwnerId is { } o
                ? members.First(m => m.UserId == o) : Pick(members);
            var (first, last) = NewName(city);
            var contact = new Contact { WorkspaceId = workspaceId, FirstName = first, LastName = last, OwnerId = owner?.UserId };
            var p = new PersonPlan(i, contact, employer, homeCity, owner);
            employer?.People.Add(p);
            people.Add(p);

            // Role and title at the employer.
            string? role = null, title;
            if (employer is null) title = r.NextDouble() < 0.7 ? Pick(IndividualTitles) : null;
            else
            {
                var firstThere = employer.People.Count == 1;
                (role, title) = RoleAndTitle(employer, firstThere);
            }
            contact.JobTitle = title;
            if (employer is not null) p.Links.Add(new LinkPlan(employer, role!, title));

            // Stage by the relationship with the employer.
            p.Stage = employer?.Company.Kind switch
            {
                Kind.Customer => WeightedIndex([0, 0, 35, 45, 20]),
                Kind.Prospect => WeightedIndex([45, 55, 0, 0, 0]),
                Kind.Partner => WeightedIndex([0, 20, 20, 40, 20]),
                Kind.NonProfit => WeightedIndex([0, 0, 20, 60, 20]),
                _ => WeightedIndex([50, 30, 10, 0, 10]),
            };
            contact.LifecycleStage = LifecycleStages.All[p.Stage];
            var ageDays = p.Stage switch
            {
                0 => r.Next(1, 150), 1 => r.Next(20, 300), 2 => r.Next(60, 540), _ => r.Next(180, 720),
            };
            contact.CreatedAt = now - TimeSpan.FromDays(ageDays) - TimeSpan.FromMinutes(r.Next(0, 24 * 60));
            contact.Source = employer?.Company.Kind == Kind.Partner ? "Partner" : Pick(Sources);
        }

        // Donors and volunteers: some people also support one of the non-profits.
        var nonProfits = accounts.Where(a => a.Company.Kind == Kind.NonProfit).ToArray();
        foreach (var p in people.Where(p => p.Employer?.Company.Kind != Kind.NonProfit))
        {
            if (r.NextDouble() >= (p.Employer is null ? 0.45 : 0.06)) continue;
            var np = Pick(nonProfits);
            var donor = r.NextDouble() < 0.65;
            p.Links.Add(new LinkPlan(np, donor ? "donor" : "volunteer",
                donor ? Pick(["Monthly donor", "Major donor", "Annual gala sponsor"]) : Pick(["Volunteer", "Event volunteer", "Board member"])));
            np.People.Add(p);
        }
        return people;
    }

    private (string Role, string Title) RoleAndTitle(AccountPlan employer, bool first)
    {
        var used = employer.People.Select(p => p.Entity.JobTitle).Where(t => t is not null).ToHashSet();
        string Unused(string[] pool)
        {
            var free = pool.Where(t => !used.Contains(t)).ToArray();
            return free.Length > 0 ? Pick(free) : Pick(pool);
        }
        if (employer.Company.Kind == Kind.NonProfit)
        {
            var t = first ? "Executive Director" : Unused(NonProfitStaffTitles);
            return (t switch { "Executive Director" or "Development Director" => "decisionMaker", "Finance Officer" => "billing", "Volunteer Coordinator" => "other", _ => "influencer" }, t);
        }
        if (employer.Company.Size == "1-10")
            return first ? ("decisionMaker", Pick(["Founder", "Owner"])) : (Pick(["influencer", "billing", "other"]), Unused(SmallCompanyTitles));
        var role = first ? "decisionMaker" : AccountRoles.All[WeightedIndex([20, 45, 20, 0, 0, 15])];
        return role switch
        {
            "decisionMaker" => (role, Unused(DecisionMakerTitles)),
            "influencer" => (role, Unused(InfluencerTitles)),
            "billing" => (role, Unused(BillingTitles)),
            _ => (role, Unused(OtherTitles)),
        };
    }

    private (string First, string Last) NewName(City city)
    {
        for (var attempt = 0; ; attempt++)
        {
            var french = city.Country == "FR" || city.Region == "QC";
            var first = french ? Pick(FrenchFirstNames) : Pick(EnglishFirstNames);
            var last = city.Region == "QC" ? Pick(QuebecLastNames) : french ? Pick(FrenchLastNames) : Pick(EnglishLastNames);
            if (usedNames.Add($"{first} {last}") || attempt > 50) return (first, last);
        }
    }

    /// <summary>E-mails, phones, addresses, stage history, consent, tags, custom fields: everything that depends on the person being placed.</summary>
    private void FinishContact(PersonPlan p, List<LifecycleStageChange> stageChanges, List<ConsentEvent> consent)
    {
        var c = p.Entity;
        c.Id = Guid.CreateVersion7(c.CreatedAt);
        c.Accounts = p.Links.Select(l => new ContactAccount
        {
            WorkspaceId = workspaceId, ContactId = c.Id, AccountId = l.Account.Entity.Id, Role = l.Role, Title = l.Title, CreatedAt = c.CreatedAt,
        }).ToList();
        var first = Slug(c.FirstName);
        var last = Slug(c.LastName);

        // E-mails: at the employer's domain, plus a personal one for some; individuals only personal.
        var emails = new List<EmailAddress>();
        if (p.Employer is { } employer)
        {
            var local = (Array.IndexOf(Companies, employer.Company) % 4) switch
            {
                0 => $"{first}.{last}", 1 => $"{first[0]}{last}", 2 => employer.Company.Size is "1-10" or "11-50" ? first : $"{first}.{last}", _ => $"{first}_{last}",
            };
            emails.Add(new EmailAddress(UniqueEmail(local, employer.Entity.Domain!), "work", true));
            if (r.NextDouble() < 0.2) emails.Add(new EmailAddress(UniqueEmail($"{first}.{last}{r.Next(1, 99)}", PersonalDomain()), "personal", false));
        }
        else emails.Add(new EmailAddress(UniqueEmail(r.NextDouble() < 0.5 ? $"{first}.{last}" : $"{first}{last}{r.Next(1, 99)}", PersonalDomain()), "personal", true));
        c.Emails = Json(emails);
        c.Email = emails[0].Address;

        // Phones from the fiction ranges of the person's own city.
        var phones = new List<PhoneNumber>();
        var roll = r.NextDouble();
        if (p.Employer is not null && roll < 0.75) phones.Add(new PhoneNumber(UniquePhone(p.Employer.City.Landline), "work", false));
        if (roll is > 0.3 and < 0.92) { phones.Add(new PhoneNumber(UniquePhone(p.City.Mobile), "mobile", false)); p.HasMobile = true; }
        if (phones.Count > 0)
        {
            var primary = p.HasMobile && r.NextDouble() < 0.5 ? phones.Count - 1 : 0;
            phones[primary] = phones[primary] with { Primary = true };
        }
        c.Phones = Json(phones);
        c.Phone = phones.FirstOrDefault(x => x.Primary)?.Number;

        var addresses = new List<PostalAddress>();
        if (p.Employer is { } emp && r.NextDouble() < 0.45) addresses.Add(emp.Address with { Label = "work" });
        if (r.NextDouble() < (p.Employer is null ? 0.7 : 0.25))
            addresses.Add(new PostalAddress("home", Street(p.City, office: false), p.City.Name, p.City.Postcode(r), p.City.Region, p.City.Country));
        c.Addresses = Json(addresses);

        if (r.NextDouble() < 0.6)
            c.BirthDate = new DateOnly(1958, 1, 1).AddDays(r.Next(0, 365 * 44));
        var social = new SortedDictionary<string, string>();
        if (r.NextDouble() < 0.5) social["linkedin"] = $"{first}-{last}-{r.Next(0x1000, 0xffff):x4}";
        if (r.NextDouble() < 0.1) social["x"] = $"{first}{last[..Math.Min(3, last.Length)]}";
        c.Social = JsonSerializer.Serialize(social);
        c.ExternalId = $"demo-contact-{p.Index + 1:000}";

        // Stage history: entered awareness when created, then each stage in turn up to today's.
        var times = new List<DateTime> { c.CreatedAt };
        if (p.Stage > 0)
        {
            var span = (now.AddHours(-6) - c.CreatedAt).TotalMinutes;
            var cuts = Enumerable.Range(0, p.Stage).Select(_ => 0.05 + 0.9 * r.NextDouble()).Order().ToList();
            foreach (var cut in cuts) times.Add(c.CreatedAt.AddMinutes(span * cut));
        }
        p.StageTimes.AddRange(times);
        for (var s = 0; s <= p.Stage; s++)
            stageChanges.Add(new LifecycleStageChange
            {
                WorkspaceId = workspaceId, Id = Guid.CreateVersion7(times[s]), ContactId = c.Id,
                FromStage = s == 0 ? null : LifecycleStages.All[s - 1], ToStage = LifecycleStages.All[s], ChangedAt = times[s],
                ChangedByUserId = s == 0 && c.Source is "Website" or "Webinar" ? null : p.Owner?.UserId,
            });
        c.UpdatedAt = times[^1] > c.CreatedAt ? times[^1] : c.CreatedAt;

        // Consent ledger: grants (a few later withdrawn), and the contact's current state from it.
        var state = new Dictionary<string, ConsentState>();
        void Ledger(string channel, string status, string source, DateTime at, Guid? by)
        {
            consent.Add(new ConsentEvent
            {
                WorkspaceId = workspaceId, Id = Guid.CreateVersion7(at), ContactId = c.Id, Channel = channel, Status = status, Source = source,
                At = at, RecordedByUserId = by, CreatedAt = at,
            });
            state[channel] = new ConsentState(status, source, at);
        }
        var tags = new List<string>();
        var emailChance = p.Stage >= 1 ? 0.75 : 0.45;
        if (r.NextDouble() < emailChance)
        {
            var source = Pick(["Web form", "Webinar registration", "Trade show badge scan", "Signed contract", "Newsletter sign-up"]);
            var at = Between(c.CreatedAt, Min(now.AddMinutes(-30), c.CreatedAt.AddDays(20)));
            Ledger("email", ConsentChannels.Granted, source, at, source is "Web form" or "Newsletter sign-up" ? null : p.Owner?.UserId);
            if (r.NextDouble() < 0.08) Ledger("email", ConsentChannels.Revoked, "Unsubscribe link", Between(at, now.AddMinutes(-10)), null);
            else if (r.NextDouble() < 0.6) tags.Add("newsletter");
        }
        if (p.HasMobile && r.NextDouble() < 0.2)
            Ledger("sms", ConsentChannels.Granted, "Mobile opt-in", Between(c.CreatedAt, now.AddMinutes(-30)), null);
        if (phones.Count > 0 && r.NextDouble() < 0.35)
        {
            var at = Between(c.CreatedAt, now.AddMinutes(-30));
            Ledger("phone", ConsentChannels.Granted, "Phone call", at, p.Owner?.UserId);
            if (r.NextDouble() < 0.06) Ledger("phone", ConsentChannels.Revoked, "Asked not to be called", Between(at, now.AddMinutes(-10)), p.Owner?.UserId);
        }
        if (addresses.Count > 0 && r.NextDouble() < 0.3)
            Ledger("mail", ConsentChannels.Granted, Pick(["Event sign-up", "Customer onboarding"]), Between(c.CreatedAt, now.AddMinutes(-30)), p.Owner?.UserId);
        c.Consent = JsonSerializer.Serialize(state, JsonDefaults.Options);
        foreach (var at in state.Values.Select(x => x.At!.Value)) c.UpdatedAt = Max(c.UpdatedAt, at);

        // Tags that mean something: the filter bar's demo.
        var kind = p.Employer?.Company.Kind;
        if (p.Stage >= 3 && (c.Accounts.FirstOrDefault()?.Role == "decisionMaker" || r.NextDouble() < 0.1)) tags.Add("vip");
        if (kind == Kind.Partner) tags.Add("partner");
        if (p.Stage == 4 && r.NextDouble() < 0.6) tags.Add("champion");
        if (p.Stage == 3 && (p.Employer?.Entity.Tags.Any(t => t.Tag == "churn-risk") == true || r.NextDouble() < 0.08)) tags.Add("churn-risk");
        if (r.NextDouble() < 0.15) tags.Add("event-attendee");
        foreach (var link in c.Accounts.Where(l => l.Role is "donor" or "volunteer")) if (!tags.Contains(link.Role)) tags.Add(link.Role);
        c.Tags = tags.Select(t => new ContactTag { WorkspaceId = workspaceId, ContactId = c.Id, Tag = t }).ToList();

        var values = new JsonObject();
        if (r.NextDouble() < 0.6) values[SeedDemoData.PreferredContactTime] = Pick(PreferredContactTimes);
        c.CustomFields = CustomFieldsJson(values, contactDefs, p.Index);
    }

    // ---- Interactions -----------------------------------------------------------------------------

    private static readonly double[] ChannelWeightsOnly = ChannelWeights.Select(w => w.Weight).ToArray();
    private static readonly double[] AwarenessWeightsOnly = AwarenessChannels.Select(w => w.Weight).ToArray();

    private List<Interaction> BuildInteractions(List<AccountPlan> accounts, List<PersonPlan> people)
    {
        var list = new List<Interaction>();
        const int accountOnly = 40;
        var perPerson = Apportion(people.Select(p => (p.Stage switch { 0 => 1.0, 1 => 3.0, 2 => 5.0, _ => 6.5 }) * (0.5 + r.NextDouble())).ToArray(),
            SeedDemoData.InteractionCount - accountOnly);
        var windowStart = now.AddDays(-548);
        for (var i = 0; i < people.Count; i++)
        {
            var p = people[i];
            for (var n = 0; n < perPerson[i]; n++)
            {
                var channel = p.Stage == 0
                    ? AwarenessChannels[WeightedIndex(AwarenessWeightsOnly)].Channel
                    : ChannelWeights[WeightedIndex(ChannelWeightsOnly)].Channel;
                var at = BusinessTime(Between(Max(p.Entity.CreatedAt, windowStart), now.AddMinutes(-20), skewRecent: true), p.City,
                    channel is not ("webVisit" or "social" or "chat"), p.Entity.CreatedAt);
                var phase = p.PhaseAt(at);
                var template = PickTemplate(channel, phase, p);
                list.Add(NewInteraction(template, at, p, p.Employer, people));
            }
        }
        var customers = accounts.Where(a => a.Company.Kind != Kind.Prospect).ToArray();
        for (var n = 0; n < accountOnly; n++)
        {
            var a = n < customers.Length ? customers[n] : Pick(accounts.ToArray());
            var channel = a.Company.Kind == Kind.Prospect ? "directMail" : Pick(["directMail", "meeting", "directMail"]);
            var at = BusinessTime(Between(Max(a.Entity.CreatedAt, windowStart), now.AddMinutes(-20), skewRecent: true), a.City, true, a.Entity.CreatedAt);
            var template = PickTemplate(channel, a.Company.Kind == Kind.Prospect ? Phase.Prospect : Phase.Customer, null);
            list.Add(NewInteraction(template, at, a.People[0], a, people, accountOnly: true));
        }
        return list;
    }

    private InteractionTemplate PickTemplate(string channel, Phase phase, PersonPlan? p)
    {
        var candidates = InteractionTemplates.Where(t => t.Channel == channel && (t.Phase == phase || t.Phase == Phase.Any)).ToArray();
        if (candidates.Length == 0) candidates = InteractionTemplates.Where(t => t.Channel == channel).ToArray();
        if (p?.Employer is null && p is not null)
            candidates = Prefer(candidates, t => !t.Subject.Contains("{company}") && !t.Body.Contains("{company}"));
        if (p is not null) candidates = Prefer(candidates, t => !p.Used.Contains(t.Subject));
        var chosen = Pick(candidates);
        p?.Used.Add(chosen.Subject);
        return chosen;
    }

    /// <summary>The items that match, or all of them when none does.</summary>
    private static T[] Prefer<T>(T[] items, Func<T, bool> wanted) => items.Where(wanted).ToArray() is { Length: > 0 } some ? some : items;

    private Interaction NewInteraction(InteractionTemplate t, DateTime at, PersonPlan p, AccountPlan? account, List<PersonPlan> people, bool accountOnly = false)
    {
        var vars = Vars(p, account, at);
        var minutes = t.MaxMinutes == 0 ? (int?)null : r.Next(t.MinMinutes, t.MaxMinutes + 1);
        var participants = new List<Participant>();
        if (t.Channel is "meeting" or "inPerson" && p.Owner is { } owner)
        {
            participants.Add(new Participant(UserId: owner.UserId));
            var colleagues = account?.People.Where(x => x != p && x.Employer == account).ToArray() ?? [];
            if (colleagues.Length > 0 && r.NextDouble() < 0.5) participants.Add(new Participant(ContactId: Pick(colleagues).Entity.Id));
        }
        var automatic = t.Channel is "webVisit";
        var createdAt = Min(now, at + TimeSpan.FromMinutes((minutes ?? 0) + (automatic ? 0 : r.Next(1, 90))));
        return new Interaction
        {
            WorkspaceId = workspaceId,
            Id = Guid.CreateVersion7(createdAt),
            ContactId = accountOnly ? null : p.Entity.Id,
            AccountId = account?.Entity.Id,
            Channel = t.Channel,
            Direction = t.Direction,
            OccurredAt = at,
            DurationSeconds = minutes * 60,
            Subject = Fill(t.Subject, vars),
            Body = accountOnly ? Fill(t.Body, vars).Replace($", addressed to {p.Entity.FirstName}", "") : Fill(t.Body, vars),
            Outcome = Pick(t.Outcomes),
            Participants = Participant.ToJson(participants),
            CreatedByUserId = automatic ? null : p.Owner?.UserId,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
        };
    }

    // ---- Notes ------------------------------------------------------------------------------------

    private List<Note> BuildNotes(List<AccountPlan> accounts, List<PersonPlan> people)
    {
        var notes = new List<Note>();
        const int accountNotes = 40;
        var weights = people.Select(p => p.Stage switch { 0 => 0.5, 1 => 2.0, _ => 3.0 }).ToArray();
        for (var n = 0; n < SeedDemoData.NoteCount; n++)
        {
            var onAccount = n < accountNotes;
            var p = onAccount ? null : people[WeightedIndex(weights)];
            var a = onAccount ? accounts[n % accounts.Count] : p!.Employer;
            var subject = p ?? a!.People[0];
            var createdAt = Between(onAccount ? a!.Entity.CreatedAt : p!.Entity.CreatedAt, now.AddMinutes(-15));
            var author = (onAccount ? members.FirstOrDefault(m => m.UserId == a!.Entity.OwnerId) : p!.Owner) ?? Pick(members);
            var text = onAccount ? Pick(AccountNotes) : Pick(Prefer(ContactNotes, t => !p!.Used.Contains(t)));
            p?.Used.Add(text);
            var body = Fill(text, Vars(subject, a, createdAt));
            var mentions = new List<Guid>();
            var others = members.Where(m => m.UserId != author?.UserId).ToArray();
            if (others.Length > 0 && r.NextDouble() < 0.2)
            {
                var who = others[r.Next(others.Length)];
                var shown = new string(who.Name.Where(ch => ch is not ('[' or ']' or '\r' or '\n')).ToArray());
                body += $"\n\n@[{shown}](user:{who.UserId}) {Pick(["can you take this one?", "FYI.", "can you join the next call?", "you know them from before, any advice?"])}";
                mentions.Add(who.UserId);
            }
            notes.Add(new Note
            {
                WorkspaceId = workspaceId, Id = Guid.CreateVersion7(createdAt),
                ContactId = p?.Entity.Id, AccountId = onAccount ? a!.Entity.Id : null,
                Body = body, Mentions = Activities.Mentions.ToJson(mentions), AuthorUserId = author?.UserId,
                CreatedAt = createdAt, UpdatedAt = createdAt,
            });
        }
        return notes;
    }

    // ---- Tasks ------------------------------------------------------------------------------------

    private enum Bucket { Completed, Overdue, Today, Upcoming, NoDueDate }

    private List<CrmTask> BuildTasks(List<AccountPlan> accounts, List<PersonPlan> people)
    {
        var tasks = new List<CrmTask>();
        (Bucket Bucket, int Count, int Mine)[] plan =
            [(Bucket.Completed, 84, 15), (Bucket.Overdue, 12, 4), (Bucket.Today, 8, 4), (Bucket.Upcoming, 40, 10), (Bucket.NoDueDate, 6, 2)];
        var weights = people.Select(p => p.Stage switch { 0 => 0.3, 1 => 2.0, 2 => 2.5, _ => 2.0 }).ToArray();
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
        var endOfToday = Times.EndOfLocalDay(now, zone);
        foreach (var (bucket, count, mine) in plan)
        {
            for (var n = 0; n < count; n++)
            {
                var p = people[WeightedIndex(weights)];
                var onAccountOnly = p.Employer is not null && r.NextDouble() < 0.1;
                DateTime? due;
                DateTime createdAt;
                switch (bucket)
                {
                    case Bucket.Completed:
                        due = ToUtc(localNow.Date.AddDays(-r.Next(2, 300)).AddHours(r.Next(9, 17)).AddMinutes(r.Next(0, 4) * 15));
                        createdAt = Max(p.Entity.CreatedAt, due.Value.AddDays(-r.Next(1, 15)));
                        break;
                    case Bucket.Overdue:
                        due = ToUtc(localNow.Date.AddDays(-r.Next(0, 30)).AddHours(r.Next(9, 17)).AddMinutes(r.Next(0, 4) * 15));
                        if (due >= now) due = due.Value.AddDays(-1);
                        createdAt = due.Value.AddDays(-r.Next(1, 15));
                        break;
                    case Bucket.Today:
                        var left = endOfToday - now;
                        due = now + (left < TimeSpan.FromMinutes(30) ? left / 2 : left * (0.15 + 0.8 * r.NextDouble()));
                        createdAt = now.AddMinutes(-r.Next(60, 10 * 24 * 60));
                        break;
                    case Bucket.Upcoming:
                        due = ToUtc(localNow.Date.AddDays(r.Next(1, 46)).AddHours(r.Next(9, 17)).AddMinutes(r.Next(0, 4) * 15));
                        createdAt = now.AddMinutes(-r.Next(10, 10 * 24 * 60));
                        break;
                    default:
                        due = null;
                        createdAt = now.AddMinutes(-r.Next(60, 30 * 24 * 60));
                        break;
                }
                // A follow-up on someone comes after they were added.
                if (bucket is Bucket.Completed or Bucket.Overdue && due < p.Entity.CreatedAt.AddHours(1))
                {
                    due = Between(p.Entity.CreatedAt.AddHours(1), now.AddMinutes(-30));
                    createdAt = Between(p.Entity.CreatedAt, due.Value);
                }
                createdAt = Max(createdAt, p.Entity.CreatedAt);
                if (due is { } d && d < createdAt) createdAt = d.AddHours(-r.Next(1, 48)) is var earlier && earlier > p.Entity.CreatedAt ? earlier : p.Entity.CreatedAt;
                var template = PickTaskTemplate(p.PhaseAt(createdAt), p, onAccountOnly, upcoming: bucket == Bucket.Upcoming);
                var vars = Vars(p, p.Employer, createdAt);
                var assignee = n < mine && me is not null ? me : p.Owner ?? Pick(members);
                var task = new CrmTask
                {
                    WorkspaceId = workspaceId, Id = Guid.CreateVersion7(createdAt),
                    Title = Fill(template.Title, vars),
                    Description = template.Description is null ? null : Fill(template.Description, vars),
                    DueAt = due,
                    Priority = TaskPriorities.All[WeightedIndex([25, 55, 20])],
                    AssigneeId = assignee?.UserId,
                    ContactId = onAccountOnly ? null : p.Entity.Id,
                    AccountId = p.Employer?.Entity.Id,
                    CreatedByUserId = assignee?.UserId,
                    CreatedAt = createdAt,
                    UpdatedAt = createdAt,
                };
                if (due is { } dueAt && r.NextDouble() < 0.45)
                {
                    var remind = dueAt.AddMinutes(-(r.NextDouble() < 0.5 ? 60 : 24 * 60));
                    if (remind > createdAt)
                    {
                        task.RemindAt = remind;
                        // Reminders whose time has passed were sent back then: seeding must not ring the bell twenty times.
                        if (remind <= now) task.RemindedAt = remind;
                    }
                }
                if (bucket == Bucket.Completed)
                {
                    task.Status = TaskStatuses.Completed;
                    task.CompletedAt = Min(now.AddMinutes(-5), Max(createdAt.AddMinutes(30), due!.Value.AddHours(r.Next(-48, 24))));
                    task.UpdatedAt = task.CompletedAt.Value;
                }
                tasks.Add(task);
            }
        }
        return tasks;
    }

    private TaskTemplate PickTaskTemplate(Phase phase, PersonPlan p, bool accountOnly, bool upcoming)
    {
        var candidates = TaskTemplates.Where(t => (t.Phase == phase || t.Phase == Phase.Any) && !(upcoming && t.Soon)).ToArray();
        if (p.Employer is null) candidates = Prefer(candidates, t => !t.Title.Contains("{company}"));
        if (accountOnly) candidates = Prefer(candidates, t => t.Title.Contains("{company}"));
        candidates = Prefer(candidates, t => !p.Used.Contains(t.Title));
        var chosen = Pick(candidates);
        p.Used.Add(chosen.Title);
        return chosen;
    }

    // ---- Helpers ----------------------------------------------------------------------------------

    private Dictionary<string, string> Vars(PersonPlan p, AccountPlan? account, DateTime at)
    {
        var industry = (account?.Company.Industry ?? "professional services").ToLowerInvariant();
        var article = industry[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";
        var employer = p.Employer ?? account;
        var renewal = employer?.Renewal ?? DateOnly.FromDateTime(at).AddDays(r.Next(30, 300));
        var topic = Pick(Topics);
        var seats = r.Next(2, 40) * 5;
        var localAt = at.AddHours(p.City.UtcOffset);
        return new Dictionary<string, string>
        {
            ["first"] = p.Entity.FirstName,
            ["last"] = p.Entity.LastName,
            ["company"] = account?.Company.Name ?? p.Entity.FullName,
            ["me"] = p.Owner?.FirstName ?? me?.FirstName ?? "the team",
            ["topic"] = topic,
            ["Topic"] = char.ToUpperInvariant(topic[0]) + topic[1..],
            ["topicSlug"] = PathSlug(topic.Replace("the ", "")),
            ["renewal"] = renewal.ToString("MMMM d", CultureInfo.InvariantCulture),
            ["competitor"] = Pick(Competitors),
            ["aIndustry"] = $"{article} {industry}",
            ["AIndustry"] = $"{(article == "an" ? "An" : "A")} {industry}",
            ["plan"] = Pick(Plans),
            ["seats"] = seats.ToString(CultureInfo.InvariantCulture),
            ["seats2"] = (seats - r.Next(1, 5)).ToString(CultureInfo.InvariantCulture),
            ["month"] = Months[(localAt.Month + r.Next(0, 4)) % 12],
            ["weekday"] = Pick(Weekdays),
            ["dept"] = Pick(Departments),
            ["tool"] = Pick(Tools),
            ["pain"] = Pick(Pains),
            ["quarter"] = ((localAt.Month - 1) / 3 % 4 + 1 + r.Next(0, 2)) is var q && q > 4 ? "1" : q.ToString(CultureInfo.InvariantCulture),
            ["industry"] = industry,
            ["industrySlug"] = PathSlug(industry),
            ["title"] = p.Entity.JobTitle ?? "not given",
            ["hour"] = Pick(["9:30", "10am", "11am", "2pm", "3:30", "4pm"]),
            ["invoice"] = r.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture),
            ["event"] = Pick(Events),
            ["day"] = r.Next(4, 21).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string Fill(string template, Dictionary<string, string> vars)
    {
        var sb = new StringBuilder(template.Length + 64);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{' && template.IndexOf('}', i) is var end and > 0 && vars.TryGetValue(template[(i + 1)..end], out var value))
            {
                sb.Append(value);
                i = end;
            }
            else sb.Append(template[i]);
        }
        return sb.ToString();
    }

    /// <summary>The stored custom-field JSON: the demo's values, plus a sample for any other field the workspace requires, all normalized as the API stores them.</summary>
    private string CustomFieldsJson(JsonObject values, IReadOnlyList<CustomFieldDefinition> defs, int index)
    {
        var result = new JsonObject();
        foreach (var def in defs)
        {
            var raw = values[def.Key]?.DeepClone();
            var ours = def.Key is SeedDemoData.PreferredContactTime or SeedDemoData.ContractValue or SeedDemoData.RenewalDate;
            if (raw is not null && (!ours || def.Unique || !Fits(def, raw))) raw = null;
            if (raw is null && def.Required) raw = SampleValue(def, index);
            if (raw is null) continue;
            // Through JSON text, as the API receives values, and through the API's own normalization.
            var e = new FieldErrors();
            var normalized = CustomFieldValues.Normalize(def, JsonNode.Parse(raw.ToJsonString()), $"customFields.{def.Key}", e, defaultCountry);
            if (normalized is null || e.Items.Count > 0)
                throw new InvalidOperationException($"Demo value {raw.ToJsonString()} does not fit custom field {def.Key} ({def.Type}).");
            result[def.Key] = normalized;
        }
        return result.ToJsonString(CustomFieldValues.Compact);
    }

    private static bool Fits(CustomFieldDefinition def, JsonNode value) => def.Type switch
    {
        CustomFieldTypes.SingleSelect => CustomFieldValues.OptionsOf(def).Contains(value.GetValue<string>(), StringComparer.OrdinalIgnoreCase),
        CustomFieldTypes.Number or CustomFieldTypes.Currency => value.GetValueKind() == JsonValueKind.Number,
        CustomFieldTypes.Date or CustomFieldTypes.Text => value.GetValueKind() == JsonValueKind.String,
        _ => false,
    };

    /// <summary>A value for a required field the demo does not know (a workspace may define some before loading demo data); unique where the type allows.</summary>
    private JsonNode? SampleValue(CustomFieldDefinition def, int index)
    {
        var options = CustomFieldValues.OptionsOf(def);
        return def.Type switch
        {
            CustomFieldTypes.Text or CustomFieldTypes.LongText => JsonValue.Create($"Sample {index + 1:000}"),
            CustomFieldTypes.Number or CustomFieldTypes.Currency => JsonValue.Create(index + 1),
            CustomFieldTypes.Date => JsonValue.Create(DateOnly.FromDateTime(now).AddDays(-index).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            CustomFieldTypes.DateTime => JsonValue.Create(now.AddDays(-index).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            CustomFieldTypes.Boolean => JsonValue.Create(false),
            CustomFieldTypes.SingleSelect when options.Length > 0 => JsonValue.Create(def.Unique ? options[index % options.Length] : options[0]),
            CustomFieldTypes.MultiSelect when options.Length > 0 => new JsonArray(JsonValue.Create(options[0])),
            CustomFieldTypes.Url => JsonValue.Create($"https://example.com/sample/{index + 1}"),
            CustomFieldTypes.Email => JsonValue.Create($"sample{index + 1}@example.com"),
            CustomFieldTypes.Phone => JsonValue.Create($"+1{(index / 100) switch { 0 => "212", 1 => "312", _ => "415" }}55501{index % 100:00}"),
            _ => null,
        };
    }

    /// <summary>A street line as the country writes it: "1186 Cedar Lane, Suite 1700" in North America, "64 Castle Street" elsewhere.</summary>
    private string Street(City city, bool office)
    {
        var northAmerica = city.Country is "US" or "CA";
        var line = $"{(northAmerica ? r.Next(10, 2500) : r.Next(1, 180))} {Pick(city.Streets)}";
        if (office && northAmerica) line += $", Suite {r.Next(1, 30) * 100}";
        if (office && city.Country == "GB" && r.NextDouble() < 0.5) line = $"{Pick(["Floor 2", "Floor 3", "Unit 4", "Suite 5"])}, {line}";
        return line;
    }

    private string UniquePhone(Func<Random, string> make)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var number = make(r);
            if (usedPhones.Add(number)) return number;
        }
        throw new InvalidOperationException("Ran out of fictional phone numbers.");
    }

    private string UniqueEmail(string local, string domain)
    {
        var address = $"{local}@{domain}";
        for (var n = 2; !usedEmails.Add(address); n++) address = $"{local}{n}@{domain}";
        return address;
    }

    private string PersonalDomain() => Pick(["example.com", "example.net", "example.org"]);

    /// <summary>Lower-case ASCII letters and digits only: "Côté" → "cote", "O'Brien" → "obrien", "Min-jun" → "minjun".</summary>
    internal static string Slug(string text) =>
        new(text.Normalize(NormalizationForm.FormD).Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Words joined by dashes, for paths: "Logistics &amp; Transportation" → "logistics-transportation".</summary>
    internal static string PathSlug(string text) =>
        string.Join('-', text.Split([' ', '&', '/'], StringSplitOptions.RemoveEmptyEntries).Select(Slug).Where(w => w.Length > 0));

    /// <summary>Moves a time into the person's working hours (their city's time), off weekends when asked; never before <paramref name="notBefore"/> nor after now.</summary>
    private DateTime BusinessTime(DateTime at, City city, bool weekdaysOnly, DateTime notBefore)
    {
        var local = at.AddHours(city.UtcOffset);
        if (weekdaysOnly && local.DayOfWeek == DayOfWeek.Saturday) local = local.AddDays(-1);
        if (weekdaysOnly && local.DayOfWeek == DayOfWeek.Sunday) local = local.AddDays(1);
        local = local.Date.AddHours(r.Next(8, 18)).AddMinutes(r.Next(0, 12) * 5);
        var utc = DateTime.SpecifyKind(local.AddHours(-city.UtcOffset), DateTimeKind.Utc);
        if (utc > now.AddMinutes(-10)) utc = now.AddMinutes(-r.Next(10, 240));
        if (utc < notBefore) utc = notBefore.AddMinutes(r.Next(5, 120)) is var later && later < now ? later : notBefore;
        return utc;
    }

    private DateTime ToUtc(DateTime local)
    {
        try { return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone); }
        catch (ArgumentException) { return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.AddHours(1), DateTimeKind.Unspecified), zone); }
    }

    private DateTime Between(DateTime from, DateTime to, bool skewRecent = false)
    {
        if (to <= from) return from;
        var u = r.NextDouble();
        if (skewRecent) u = Math.Pow(u, 0.7);
        return from + TimeSpan.FromTicks((long)((to - from).Ticks * u));
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private T Pick<T>(IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private DemoMember? Pick(IReadOnlyList<DemoMember> items) => items.Count == 0 ? null : items[r.Next(items.Count)];

    private int WeightedIndex(double[] weights)
    {
        var x = r.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Length - 1;
    }

    private int WeightedIndex(int[] weights) => WeightedIndex(weights.Select(w => (double)w).ToArray());

    /// <summary>Splits <paramref name="total"/> by weight (largest remainder), so the sum is exact.</summary>
    private static int[] Apportion(double[] weights, int total)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => w / sum * total).ToArray();
        var result = exact.Select(x => (int)Math.Floor(x)).ToArray();
        foreach (var i in Enumerable.Range(0, weights.Length).OrderByDescending(i => exact[i] - result[i]).ThenBy(i => i).Take(total - result.Sum()))
            result[i]++;
        return result;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonDefaults.Options);
}
