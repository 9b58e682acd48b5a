using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Platform.Features;
using Rapport.Web.Shared;
using Rapport.Records;

namespace Rapport.Web.Customers;

/// <summary>A table cell: text, or chips (tags, multi-selects), or a time shown relative, or a stage badge.</summary>
public sealed record Cell(string? Text, IReadOnlyList<Chip>? Chips = null, DateTime? Time = null, string? Badge = null, bool Numeric = false);

/// <summary>A column a list can show; <see cref="Sort"/> is the API's sort field, null when it cannot be sorted by.</summary>
public sealed record ListColumn(string Key, string Label, string? Sort, bool Default, bool Numeric = false);

public sealed record ListRow(Guid Id, string Href, string Title, IReadOnlyList<Cell> Cells);

/// <summary>The things a list page differs in between contacts and accounts.</summary>
public sealed record ListEntity(string Name, string Path, string Title, string Singular, string EmptyHint)
{
    public static readonly ListEntity Contacts = new(CustomFieldEntities.Contact, "/contacts", "Contacts", "contact",
        "Add the people you work with one by one, or import them from a CSV file.");
    public static readonly ListEntity Accounts = new(CustomFieldEntities.Account, "/accounts", "Accounts", "account",
        "Add the companies, households or foundations your contacts belong to.");
}

public sealed record SavedViewTab(Guid Id, string Name, bool Shared, bool Mine, bool CanChange, string Url, bool Active);

/// <summary>Everything a list page (or its next rows) renders.</summary>
public sealed record ListModel(
    ListEntity Entity,
    ListState State,
    IReadOnlyList<ListColumn> AllColumns,
    IReadOnlyList<ListColumn> Columns,
    IReadOnlyList<ListRow> Rows,
    string? NextCursor,
    IReadOnlyList<ManageCustomFields.Dto> CustomFields,
    IReadOnlyList<FieldSpecs.MemberOption> Members,
    IReadOnlyList<SavedViewTab> Views,
    IDictionary<string, string[]>? Errors)
{
    public bool Filtered => State.Filters.Count > 0;

    /// <summary>The next rows' fragment, loaded when the last row scrolls into view.</summary>
    public string? NextRowsUrl => NextCursor is null ? null : State.UrlAt(Entity.Path + "/rows", cursor: NextCursor);
    public string? NextPageUrl => NextCursor is null ? null : State.Url(cursor: NextCursor);

    /// <summary>A chip's words for a filter: "Tag: vip", "Shoe size > 37", "Owner: Ana".</summary>
    public string Describe(KeyValuePair<string, string> filter)
    {
        var (key, value) = filter;
        string Member(string v) => v switch
        {
            "me" => "me", "none" => "nobody",
            _ => Guid.TryParse(v, out var g) ? Members.FirstOrDefault(m => m.Id == g)?.Name ?? "a former member" : v,
        };
        if (key.StartsWith(FieldSpec.CustomPrefix))
        {
            var rest = key[FieldSpec.CustomPrefix.Length..];
            var op = "is";
            if (rest.EndsWith(".gt")) { op = ">"; rest = rest[..^3]; }
            else if (rest.EndsWith(".lt")) { op = "<"; rest = rest[..^3]; }
            var label = CustomFields.FirstOrDefault(d => d.Key == rest)?.Label ?? rest;
            return $"{label} {op} {value}";
        }
        return key switch
        {
            "q" => $"Search: {value}",
            "tag" => $"Tag: {value}",
            "lifecycleStage" => "Stage: " + string.Join(" or ", value.Split(',', StringSplitOptions.TrimEntries).Select(Labels.Of)),
            "ownerId" => "Owner: " + string.Join(" or ", value.Split(',', StringSplitOptions.TrimEntries).Select(Member)),
            "accountId" => "Account: " + value,
            "parentAccountId" => "Parent account: " + value,
            "source" => $"Source: {value}",
            "industry" => $"Industry: {value}",
            "size" => $"Size: {value}",
            _ => $"{key}: {value}",
        };
    }
}

/// <summary>Loads what a contact or account list shows: one page of rows, columns, filters' vocabulary, saved views.</summary>
public sealed class ListPages(
    ListContacts contacts, ListAccounts accounts, ManageCustomFields customFields, ListMembers members, LookupAccounts lookup,
    SavedViewsForLists views, WorkspaceFormat fmt, FieldSpecs specs)
{
    public const int PageSize = 50;

    public async Task<ListModel> LoadAsync(ListEntity entity, ListState state, bool withViews, CancellationToken ct)
    {
        await fmt.LoadAsync();
        var defs = await customFields.ListAsync(entity.Name, ct);
        var people = (await members.HandleAsync(Paging.MaxLimit, null, ct)).Items;
        var memberNames = people.ToDictionary(m => m.Id, m => m.Name);
        var memberOptions = people.Where(m => m.Active).Select(m => new FieldSpecs.MemberOption(m.Id, m.Name)).ToList();
        var all = entity == ListEntity.Contacts ? ContactColumns(defs) : AccountColumns(defs);
        var chosen = state.Columns is { Count: > 0 } keys
            ? keys.Select(k => all.FirstOrDefault(c => c.Key == k)).OfType<ListColumn>().ToList()
            : all.Where(c => c.Default).ToList();
        if (chosen.Count == 0 || chosen[0].Key != "name") chosen.Insert(0, all[0]);
        chosen = chosen.DistinctBy(c => c.Key).ToList();

        IReadOnlyList<ListRow> rows = [];
        string? next = null;
        IDictionary<string, string[]>? errors = null;
        try
        {
            if (entity == ListEntity.Contacts)
            {
                var page = await contacts.HandleAsync(state.ToQuery(PageSize), ct);
                var accountNames = chosen.Any(c => c.Key == "accounts")
                    ? await lookup.NamesAsync(page.Items.SelectMany(c => c.Accounts).Select(a => a.AccountId), ct)
                    : new Dictionary<Guid, string>();
                rows = page.Items.Select(c => ContactRow(c, chosen, defs, memberNames, accountNames)).ToList();
                next = page.NextCursor;
            }
            else
            {
                var page = await accounts.HandleAsync(state.ToQuery(PageSize), ct);
                var parentNames = chosen.Any(c => c.Key == "parent")
                    ? await lookup.NamesAsync(page.Items.Where(a => a.ParentAccountId is not null).Select(a => a.ParentAccountId!.Value), ct)
                    : new Dictionary<Guid, string>();
                rows = page.Items.Select(a => AccountRow(a, chosen, defs, memberNames, parentNames)).ToList();
                next = page.NextCursor;
            }
        }
        catch (ValidationFailedException e)
        {
            errors = e.Errors;
        }
        var tabs = withViews ? await views.TabsAsync(entity, state, ct) : [];
        return new ListModel(entity, state, all, chosen, rows, next, defs, memberOptions, tabs, errors);
    }

    public static IReadOnlyList<ListColumn> ContactColumns(IReadOnlyList<ManageCustomFields.Dto> defs) =>
    [
        new("name", "Name", "firstName", true),
        new("email", "E-mail", "email", true),
        new("phone", "Phone", null, true),
        new("lifecycleStage", "Stage", "lifecycleStage", true),
        new("owner", "Owner", null, true),
        new("tags", "Tags", null, true),
        new("accounts", "Accounts", null, false),
        new("jobTitle", "Job title", "jobTitle", false),
        new("source", "Source", null, false),
        new("birthDate", "Birth date", "birthDate", false),
        new("createdAt", "Created", "createdAt", true),
        new("updatedAt", "Updated", "updatedAt", false),
        .. CustomColumns(defs),
    ];

    public static IReadOnlyList<ListColumn> AccountColumns(IReadOnlyList<ManageCustomFields.Dto> defs) =>
    [
        new("name", "Name", "name", true),
        new("domain", "Domain", "domain", true),
        new("industry", "Industry", "industry", true),
        new("size", "Size", null, true),
        new("annualRevenue", "Annual revenue", "annualRevenue", false, Numeric: true),
        new("phone", "Phone", null, false),
        new("owner", "Owner", null, true),
        new("parent", "Parent account", null, false),
        new("tags", "Tags", null, true),
        new("createdAt", "Created", "createdAt", true),
        new("updatedAt", "Updated", "updatedAt", false),
        .. CustomColumns(defs),
    ];

    private static IEnumerable<ListColumn> CustomColumns(IReadOnlyList<ManageCustomFields.Dto> defs) =>
        defs.Select(d => new ListColumn(FieldSpec.CustomPrefix + d.Key, d.Label,
            d.Type is CustomFieldTypes.MultiSelect or CustomFieldTypes.LongText ? null : FieldSpec.CustomPrefix + d.Key, false,
            Numeric: CustomFieldTypes.IsNumeric(d.Type)));

    private ListRow ContactRow(ContactDto c, IReadOnlyList<ListColumn> columns, IReadOnlyList<ManageCustomFields.Dto> defs,
        IReadOnlyDictionary<Guid, string> memberNames, IReadOnlyDictionary<Guid, string> accountNames)
    {
        var title = c.FullName.Length > 0 ? c.FullName : c.Email ?? "(no name)";
        var cells = columns.Select(col => col.Key switch
        {
            "name" => new Cell(title),
            "email" => new Cell(c.Email),
            "phone" => new Cell(c.Phone),
            "lifecycleStage" => new Cell(null, Badge: c.LifecycleStage),
            "owner" => new Cell(c.OwnerId is { } o ? memberNames.GetValueOrDefault(o, "a former member") : null),
            "tags" => new Cell(null, c.Tags.Select(t => new Chip(t)).ToList()),
            "accounts" => new Cell(string.Join(", ", c.Accounts.Select(a => accountNames.GetValueOrDefault(a.AccountId)).OfType<string>())),
            "jobTitle" => new Cell(c.JobTitle),
            "source" => new Cell(c.Source),
            "birthDate" => new Cell(c.BirthDate is { } b ? fmt.Date(b) : null),
            "createdAt" => new Cell(null, Time: c.CreatedAt),
            "updatedAt" => new Cell(null, Time: c.UpdatedAt),
            _ => CustomCell(col, defs, c.CustomFields),
        }).ToList();
        return new ListRow(c.Id, $"/contacts/{c.Id}", title, cells);
    }

    private ListRow AccountRow(AccountDto a, IReadOnlyList<ListColumn> columns, IReadOnlyList<ManageCustomFields.Dto> defs,
        IReadOnlyDictionary<Guid, string> memberNames, IReadOnlyDictionary<Guid, string> parentNames)
    {
        var cells = columns.Select(col => col.Key switch
        {
            "name" => new Cell(a.Name),
            "domain" => new Cell(a.Domain),
            "industry" => new Cell(a.Industry),
            "size" => new Cell(a.Size),
            "annualRevenue" => new Cell(a.AnnualRevenue is { } r ? fmt.Number(r) : null, Numeric: true),
            "phone" => new Cell(a.Phone),
            "owner" => new Cell(a.OwnerId is { } o ? memberNames.GetValueOrDefault(o, "a former member") : null),
            "parent" => new Cell(a.ParentAccountId is { } p ? parentNames.GetValueOrDefault(p) : null),
            "tags" => new Cell(null, a.Tags.Select(t => new Chip(t)).ToList()),
            "createdAt" => new Cell(null, Time: a.CreatedAt),
            "updatedAt" => new Cell(null, Time: a.UpdatedAt),
            _ => CustomCell(col, defs, a.CustomFields),
        }).ToList();
        return new ListRow(a.Id, $"/accounts/{a.Id}", a.Name, cells);
    }

    private Cell CustomCell(ListColumn col, IReadOnlyList<ManageCustomFields.Dto> defs, System.Text.Json.Nodes.JsonObject values)
    {
        var def = defs.FirstOrDefault(d => FieldSpec.CustomPrefix + d.Key == col.Key);
        if (def is null) return new Cell(null);
        var spec = specs.CustomField(def, values[def.Key]);
        return new Cell(spec.Display, spec.Chips.Count > 0 ? spec.Chips : null, Numeric: col.Numeric);
    }
}
