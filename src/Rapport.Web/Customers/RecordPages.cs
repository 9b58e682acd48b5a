using Rapport.Records;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Platform.Features;
using Rapport.Web.Shared;

namespace Rapport.Web.Customers;

/// <summary>A contact as its page shows it.</summary>
public sealed record ContactView(
    ContactDto Contact, IReadOnlyList<FieldSpec> Specs, IReadOnlyDictionary<Guid, string> Members, IReadOnlyList<FieldSpecs.MemberOption> Active,
    IReadOnlyDictionary<Guid, string> AccountNames)
{
    public string Title => Contact.FullName.Length > 0 ? Contact.FullName : Contact.Email ?? "(no name)";
    public string Path => $"/contacts/{Contact.Id}";
    public FieldSpec? Spec(string key) => Specs.FirstOrDefault(s => s.Key == key);
}

/// <summary>An account as its page shows it, with its contacts (and their roles here) and child accounts.</summary>
public sealed record AccountView(
    AccountDto Account, IReadOnlyList<FieldSpec> Specs, IReadOnlyDictionary<Guid, string> Members, IReadOnlyList<FieldSpecs.MemberOption> Active, string? ParentName,
    IReadOnlyList<ContactDto> Contacts, bool MoreContacts, IReadOnlyList<AccountDto> Children, bool MoreChildren)
{
    public string Title => Account.Name;
    public string Path => $"/accounts/{Account.Id}";
    public FieldSpec? Spec(string key) => Specs.FirstOrDefault(s => s.Key == key);
}

/// <summary>
/// Loads what the record pages show, through the core's handlers (visibility applies: a record out of
/// sight is a <see cref="NotFoundException"/>, which the pages turn into a 404).
/// </summary>
public sealed class RecordPages(
    GetContact getContact, GetAccount getAccount, ListContacts listContacts, ListAccounts listAccounts, ManageCustomFields customFields,
    ListMembers members, LookupAccounts lookup, WorkspaceFormat fmt, FieldSpecs specs)
{
    public const int RelatedLimit = 50;

    public async Task<ContactView> ContactAsync(Guid id, CancellationToken ct)
    {
        await fmt.LoadAsync();
        var c = await getContact.HandleAsync(id, ct);
        var defs = await customFields.ListAsync(CustomFieldEntities.Contact, ct);
        var (names, owners) = await MembersAsync(ct);
        var accountNames = await lookup.NamesAsync(c.Accounts.Select(a => a.AccountId), ct);
        return new ContactView(c, specs.Contact(c, defs, names, owners), names, owners, accountNames);
    }

    /// <summary>A new contact's or account's fields, with what was typed when the form comes back with errors.</summary>
    public async Task<IReadOnlyList<FieldSpec>> NewSpecsAsync(ListEntity entity, IFormCollection? form, Guid? me, CancellationToken ct)
    {
        await fmt.LoadAsync();
        var defs = await customFields.ListAsync(entity.Name, ct);
        var (names, owners) = await MembersAsync(ct);
        IReadOnlyList<FieldSpec> list;
        if (entity == ListEntity.Contacts) list = specs.Contact(null, defs, names, owners);
        else list = specs.Account(null, defs, names, null, await AccountOptionsAsync(null, ct), owners);
        if (form is not null) return list.Select(s => s.WithInput(form)).ToList();
        return list.Select(s => s.Key == "ownerId" && me is { } m ? s with { Values = [m.ToString()] } : s).ToList();
    }

    public async Task<AccountView> AccountAsync(Guid id, CancellationToken ct, bool withParentOptions = false)
    {
        await fmt.LoadAsync();
        var a = await getAccount.HandleAsync(id, ct);
        var defs = await customFields.ListAsync(CustomFieldEntities.Account, ct);
        var (names, owners) = await MembersAsync(ct);
        string? parentName = null;
        if (a.ParentAccountId is { } p) parentName = (await lookup.NamesAsync([p], ct)).GetValueOrDefault(p);
        var contacts = await listContacts.HandleAsync(new ListContacts.Query(RelatedLimit, null, "firstName", [new("accountId", id.ToString())]), ct);
        var children = await listAccounts.HandleAsync(new ListContacts.Query(RelatedLimit, null, "name", [new("parentAccountId", id.ToString())]), ct);
        var parentOptions = withParentOptions ? await AccountOptionsAsync(null, ct) : null;
        return new AccountView(a, specs.Account(a, defs, names, parentName, parentOptions, owners), names, owners, parentName,
            contacts.Items, contacts.NextCursor is not null, children.Items, children.NextCursor is not null);
    }

    /// <summary>Up to 200 visible accounts by name (a picker's options), optionally those starting with <paramref name="q"/>.</summary>
    public async Task<IReadOnlyList<Option>> AccountOptionsAsync(string? q, CancellationToken ct)
    {
        var filters = string.IsNullOrWhiteSpace(q) ? new List<KeyValuePair<string, string>>() : [new("q", q.Trim())];
        var page = await listAccounts.HandleAsync(new ListContacts.Query(Paging.MaxLimit, null, "name", filters), ct);
        return page.Items.Select(a => new Option(a.Id.ToString(), a.Domain is null ? a.Name : $"{a.Name} ({a.Domain})")).ToList();
    }

    private async Task<(IReadOnlyDictionary<Guid, string> Names, IReadOnlyList<FieldSpecs.MemberOption> Owners)> MembersAsync(CancellationToken ct)
    {
        var people = (await members.HandleAsync(Paging.MaxLimit, null, ct)).Items;
        return (people.ToDictionary(m => m.Id, m => m.Name), people.Where(m => m.Active).Select(m => new FieldSpecs.MemberOption(m.Id, m.Name)).ToList());
    }
}
