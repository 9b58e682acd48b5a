using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Records;

namespace Rapport.Customers;

public sealed record EmailAddress(string Address, string? Label, bool Primary);
public sealed record PhoneNumber(string Number, string? Label, bool Primary);
public sealed record PostalAddress(string? Label, string? Street, string? City, string? Postcode, string? Region, string? Country);
public sealed record AccountLink(Guid AccountId, string Role, string? Title);
public sealed record ConsentState(string Status, string? Source, DateTime? At);

/// <summary>A contact as the API shows it (issue #3's shape).</summary>
public sealed record ContactDto(
    Guid Id, string FirstName, string LastName, string? Email, IReadOnlyList<EmailAddress> Emails,
    string? Phone, IReadOnlyList<PhoneNumber> Phones, IReadOnlyList<PostalAddress> Addresses, DateOnly? BirthDate,
    string? JobTitle, IReadOnlyDictionary<string, string> Social, Guid? OwnerId, string? Source, string LifecycleStage,
    IReadOnlyList<string> Tags, JsonObject CustomFields, IReadOnlyList<AccountLink> Accounts,
    IReadOnlyDictionary<string, ConsentState> Consent, string? ExternalId, DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    public static ContactDto From(Contact c, IReadOnlyList<CustomFieldDefinition> defs) => new(
        c.Id, c.FirstName, c.LastName, c.Email, Read<List<EmailAddress>>(c.Emails) ?? [], c.Phone,
        Read<List<PhoneNumber>>(c.Phones) ?? [], Read<List<PostalAddress>>(c.Addresses) ?? [], c.BirthDate, c.JobTitle,
        Read<Dictionary<string, string>>(c.Social) ?? [], c.OwnerId, c.Source, c.LifecycleStage,
        c.Tags.Select(t => t.Tag).Order(StringComparer.OrdinalIgnoreCase).ToList(),
        CustomFieldValues.Visible(c.CustomFields, defs),
        c.Accounts.OrderBy(a => a.CreatedAt).Select(a => new AccountLink(a.AccountId, a.Role, a.Title)).ToList(),
        ConsentOf(c.Consent), c.ExternalId, c.CreatedAt, c.UpdatedAt, c.Version);

    public string FullName => $"{FirstName} {LastName}".Trim();

    public static IReadOnlyDictionary<string, ConsentState> ConsentOf(string json)
    {
        var stored = Read<Dictionary<string, ConsentState>>(json) ?? [];
        return ConsentChannels.All.ToDictionary(ch => ch, ch => stored.TryGetValue(ch, out var s) ? s : new ConsentState(ConsentChannels.Unknown, null, null));
    }

    internal static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonDefaults.Options);
}

/// <summary>An account as the API shows it.</summary>
public sealed record AccountDto(
    Guid Id, string Name, string? Domain, string? Industry, string? Size, decimal? AnnualRevenue, string? Phone,
    IReadOnlyList<PostalAddress> Addresses, Guid? ParentAccountId, Guid? OwnerId, IReadOnlyList<string> Tags,
    JsonObject CustomFields, string? ExternalId, DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    public static AccountDto From(Account a, IReadOnlyList<CustomFieldDefinition> defs) => new(
        a.Id, a.Name, a.Domain, a.Industry, a.Size, a.AnnualRevenue, a.Phone,
        ContactDto.Read<List<PostalAddress>>(a.Addresses) ?? [], a.ParentAccountId, a.OwnerId,
        a.Tags.Select(t => t.Tag).Order(StringComparer.OrdinalIgnoreCase).ToList(),
        CustomFieldValues.Visible(a.CustomFields, defs), a.ExternalId, a.CreatedAt, a.UpdatedAt, a.Version);
}
