using Rapport.Records;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Imports;
using Rapport.Data;

namespace Rapport.Customers;

/// <summary>Contacts: validated by <see cref="ContactWriter"/>; a "Company" column links (and if need be creates) an account.</summary>
public sealed class ContactImportTarget : RecordImportTarget<Contact>
{
    public override string Entity => "contact";
    public override string DefaultMatchOn => "email";
    public override IReadOnlyList<string> MatchKeys { get; } = ["email", "phone", "externalId"];
    public override string CustomFieldEntity => CustomFieldEntities.Contact;
    public const string Company = "company";

    public override IReadOnlyList<ImportField> Fields { get; } =
    [
        new("firstName", "First name", "first name", "firstname", "given name", "forename", "first"),
        new("lastName", "Last name", "last name", "lastname", "surname", "family name", "last"),
        new("email", "E-mail", "e-mail", "email", "email address", "e-mail address", "mail"),
        new("phone", "Phone", "phone", "phone number", "telephone", "tel", "mobile", "mobile phone"),
        new("addresses.street", "Street", "street", "address", "street address", "address line 1", "address 1"),
        new("addresses.city", "City", "city", "town"),
        new("addresses.postcode", "Postcode", "postcode", "postal code", "zip", "zip code"),
        new("addresses.region", "State / region", "state", "region", "province", "county"),
        new("addresses.country", "Country (2-letter code)", "country", "country code"),
        new("birthDate", "Birth date", "birth date", "birthdate", "date of birth", "dob", "birthday"),
        new("jobTitle", "Job title", "job title", "title", "position"),
        new("source", "Source", "source", "lead source"),
        new("lifecycleStage", "Lifecycle stage", "lifecycle stage", "stage"),
        new("externalId", "External ID", "external id", "externalid", "external_id"),
        new("ownerId", "Owner (user id)", "owner id", "ownerid"),
        new(Company, "Company: account by domain or name", "company", "company name", "organization", "organisation", "account", "account name"),
    ];

    protected override IReadOnlySet<string> WriterFields { get; } =
        new HashSet<string> { "firstName", "lastName", "email", "phone", "birthDate", "jobTitle", "source", "lifecycleStage", "externalId", "ownerId" };

    protected override Task<WriteSession> SessionAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ContactWriter>().SessionAsync(bulk: true, ct);

    protected override Contact New(Guid workspaceId) => new() { WorkspaceId = workspaceId };

    protected override Task ApplyAsync(IServiceProvider services, Contact record, JsonObject body, bool creating, WriteSession session, CancellationToken ct) =>
        services.GetRequiredService<ContactWriter>().ApplyAsync(record, body, creating, session, ct);

    protected override DbSet<Contact> Set(RapportDb db) => db.Contacts;

    protected override IQueryable<KeyRow> Keys(RapportDb db, string matchOn) => matchOn switch
    {
        "email" => db.Contacts.Where(c => c.Email != null).Select(c => new KeyRow { Key = c.Email, Id = c.Id }),
        "phone" => db.Contacts.Where(c => c.Phone != null).Select(c => new KeyRow { Key = c.Phone, Id = c.Id }),
        _ => db.Contacts.Where(c => c.ExternalId != null).Select(c => new KeyRow { Key = c.ExternalId, Id = c.Id }),
    };

    protected override Func<Contact, string?> KeyOf(string matchOn) => matchOn switch
    {
        "email" => c => c.Email,
        "phone" => c => c.Phone,
        _ => c => c.ExternalId,
    };

    protected override string CustomFieldsOf(Contact record) => record.CustomFields;

    /// <summary>Accounts of the workspace by domain and by lower-cased name, plus what this import adds.</summary>
    private sealed class Companies
    {
        public readonly Dictionary<string, Guid> ByDomain = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Guid> ByName = new(StringComparer.Ordinal);
        public HashSet<(Guid Contact, Guid Account)>? Links;
        public required WriteSession AccountSession;
        public readonly List<Account> NewAccounts = [];
        public readonly List<ContactAccount> NewLinks = [];
        public readonly List<ImportChange> Changes = [];
    }

    protected override async Task StartExtrasAsync(Run run, CancellationToken ct)
    {
        if (!run.MappedFields.Contains(Company)) return;
        var companies = new Companies { AccountSession = await run.Services.GetRequiredService<AccountWriter>().SessionAsync(bulk: true, ct) };
        await foreach (var a in run.Db.Accounts.AsNoTracking().Select(a => new { a.Id, a.Name, a.Domain }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (a.Domain is not null) companies.ByDomain.TryAdd(a.Domain, a.Id);
            companies.ByName.TryAdd(a.Name.ToLowerInvariant(), a.Id);
        }
        if (run.Job.OnDuplicate == DuplicateStrategies.Update)
        {
            companies.Links = [];
            await foreach (var l in run.Db.ContactAccounts.AsNoTracking().Select(l => new { l.ContactId, l.AccountId }).AsAsyncEnumerable().WithCancellation(ct))
                companies.Links.Add((l.ContactId, l.AccountId));
        }
        run.Extra = companies;
    }

    protected override async Task<(string, string)?> RelateAsync(Run run, Contact record, Dictionary<string, string> values, bool creating, CancellationToken ct)
    {
        if (run.Extra is not Companies companies || !values.TryGetValue(Company, out var raw) || raw.Trim() is not { Length: > 0 } company) return null;
        var domain = company.Contains(' ') ? null : AccountWriter.NormalizeDomain(company);
        Guid accountId;
        if (domain is not null && companies.ByDomain.TryGetValue(domain, out var byDomain)) accountId = byDomain;
        else if (companies.ByName.TryGetValue(company.ToLowerInvariant(), out var byName)) accountId = byName;
        else
        {
            if (!run.Job.CreateMissingAccounts) return (Company, $"No account has the domain or name \"{company}\".");
            var account = new Account { WorkspaceId = run.WorkspaceId };
            var body = new JsonObject { ["name"] = company.Length > 200 ? company[..200] : company };
            if (domain is not null) body["domain"] = domain;
            try { await run.Services.GetRequiredService<AccountWriter>().ApplyAsync(account, body, creating: true, companies.AccountSession, ct); }
            catch (Common.ValidationFailedException e) { return (Company, e.Errors.First().Value.First()); }
            companies.NewAccounts.Add(account);
            companies.Changes.Add(run.Change("account", account.Id, "created"));
            if (account.Domain is not null) companies.ByDomain[account.Domain] = account.Id;
            companies.ByName[account.Name.ToLowerInvariant()] = account.Id;
            accountId = account.Id;
        }
        if (!creating && companies.Links is { } links)
        {
            if (links.Contains((record.Id, accountId))) return null;
            links.Add((record.Id, accountId));
            companies.Changes.Add(run.Change("contactAccount", record.Id, "linked", accountId.ToString()));
            run.RelatedChanged = true;
        }
        companies.NewLinks.Add(new ContactAccount { WorkspaceId = run.WorkspaceId, ContactId = record.Id, AccountId = accountId, Role = AccountRoles.Other, CreatedAt = run.Now });
        return null;
    }

    protected override async Task WriteBeforeAsync(Run run, BulkWriter? bulk, CancellationToken ct)
    {
        if (run.Extra is not Companies companies) return;
        if (bulk is not null) await bulk.InsertAsync(companies.NewAccounts, ct);
        companies.NewAccounts.Clear();
    }

    protected override async Task WriteAfterAsync(Run run, BulkWriter? bulk, CancellationToken ct)
    {
        if (run.Extra is not Companies companies) return;
        if (bulk is not null)
        {
            await bulk.InsertAsync(companies.NewLinks, ct);
            await bulk.InsertAsync(companies.Changes, ct);
        }
        companies.NewLinks.Clear();
        companies.Changes.Clear();
    }

    protected override async Task UndoExtrasAsync(ImportJob job, RapportDb db, BulkWriter bulk, CancellationToken ct)
    {
        var importId = job.Id;
        var links = await db.ImportChanges.AsNoTracking().Where(c => c.ImportId == importId && c.EntityType == "contactAccount")
            .Select(c => new { c.RecordId, c.OldValues }).ToListAsync(ct);
        foreach (var page in links.Chunk(1000))
        {
            var pairs = page.Select(p => (p.RecordId, Guid.Parse(p.OldValues!))).ToList();
            var contactIds = pairs.Select(p => p.RecordId).ToList();
            var rows = await db.ContactAccounts.Where(l => contactIds.Contains(l.ContactId)).ToListAsync(ct);
            db.ContactAccounts.RemoveRange(rows.Where(r => pairs.Contains((r.ContactId, r.AccountId))));
            await db.SaveChangesAsync(ct);
        }
        await UndoRecordsAsync(job, "account", db.Accounts, db, bulk, ct);
    }
}

/// <summary>Accounts: validated by <see cref="AccountWriter"/>; matched by domain (default), name, phone, external id or a unique custom field.</summary>
public sealed class AccountImportTarget : RecordImportTarget<Account>
{
    public override string Entity => "account";
    public override string DefaultMatchOn => "domain";
    public override IReadOnlyList<string> MatchKeys { get; } = ["domain", "name", "phone", "externalId"];
    public override string CustomFieldEntity => CustomFieldEntities.Account;

    public override IReadOnlyList<ImportField> Fields { get; } =
    [
        new("name", "Name", "name", "company", "company name", "account", "account name", "organization", "organisation"),
        new("domain", "Domain", "domain", "website", "web site", "web", "url"),
        new("industry", "Industry", "industry", "sector"),
        new("size", "Size (head count band)", "size", "company size", "employees"),
        new("annualRevenue", "Annual revenue", "annual revenue", "revenue"),
        new("phone", "Phone", "phone", "phone number", "telephone", "tel"),
        new("addresses.street", "Street", "street", "address", "street address", "address line 1", "address 1"),
        new("addresses.city", "City", "city", "town"),
        new("addresses.postcode", "Postcode", "postcode", "postal code", "zip", "zip code"),
        new("addresses.region", "State / region", "state", "region", "province", "county"),
        new("addresses.country", "Country (2-letter code)", "country", "country code"),
        new("externalId", "External ID", "external id", "externalid", "external_id"),
        new("ownerId", "Owner (user id)", "owner id", "ownerid"),
    ];

    protected override IReadOnlySet<string> WriterFields { get; } =
        new HashSet<string> { "name", "domain", "industry", "size", "annualRevenue", "phone", "externalId", "ownerId" };

    protected override Task<WriteSession> SessionAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<AccountWriter>().SessionAsync(bulk: true, ct);

    protected override Account New(Guid workspaceId) => new() { WorkspaceId = workspaceId };

    protected override Task ApplyAsync(IServiceProvider services, Account record, JsonObject body, bool creating, WriteSession session, CancellationToken ct) =>
        services.GetRequiredService<AccountWriter>().ApplyAsync(record, body, creating, session, ct);

    protected override DbSet<Account> Set(RapportDb db) => db.Accounts;

    protected override IQueryable<KeyRow> Keys(RapportDb db, string matchOn) => matchOn switch
    {
        "domain" => db.Accounts.Where(a => a.Domain != null).Select(a => new KeyRow { Key = a.Domain, Id = a.Id }),
        "name" => db.Accounts.Select(a => new KeyRow { Key = a.Name.ToLower(), Id = a.Id }),
        "phone" => db.Accounts.Where(a => a.Phone != null).Select(a => new KeyRow { Key = a.Phone, Id = a.Id }),
        _ => db.Accounts.Where(a => a.ExternalId != null).Select(a => new KeyRow { Key = a.ExternalId, Id = a.Id }),
    };

    protected override Func<Account, string?> KeyOf(string matchOn) => matchOn switch
    {
        "domain" => a => a.Domain,
        "name" => a => a.Name.ToLowerInvariant(),
        "phone" => a => a.Phone,
        _ => a => a.ExternalId,
    };

    protected override string CustomFieldsOf(Account record) => record.CustomFields;
}
