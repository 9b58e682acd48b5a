using System.Text.Json;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Records;

namespace Rapport.Leads;

/// <summary>A lead as the API shows it (issue #5's shape plus the company, address and conversion fields).</summary>
public sealed record LeadDto(
    Guid Id, string FirstName, string LastName, string? Email, string? Phone, string? Company, string? Title, string? Website,
    int? Employees, string? Industry, string? Country, string? Region, string? City, string? Source, string? Campaign,
    string Status, string? DisqualifiedReason, int Score, Guid? OwnerId, string? AssignedByRule,
    IReadOnlyDictionary<string, ConsentState> Consent, System.Text.Json.Nodes.JsonObject CustomFields, Guid? ConvertedContactId, Guid? ConvertedAccountId, Guid? ConvertedDealId, DateTime? ConvertedAt,
    DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    /// <summary>The lead as shown; custom values only of the live definitions (a deleted field's values stay stored, unseen).</summary>
    public static LeadDto From(Lead l, IReadOnlyList<CustomFieldDefinition> defs) => new(
        l.Id, l.FirstName, l.LastName, l.Email, l.Phone, l.Company, l.Title, l.Website, l.Employees, l.Industry, l.Country, l.Region, l.City,
        l.Source, l.Campaign, l.Status, l.DisqualifiedReason, l.Score, l.OwnerId, l.AssignedByRule, ConsentOf(l.Consent), CustomFieldValues.Visible(l.CustomFields, defs),
        l.ConvertedContactId, l.ConvertedAccountId, l.ConvertedDealId, l.ConvertedAt, l.CreatedAt, l.UpdatedAt, l.Version);

    public string FullName => $"{FirstName} {LastName}".Trim();
    public string DisplayName => FullName.Length > 0 ? FullName : Email ?? Company ?? "(no name)";

    public static IReadOnlyDictionary<string, ConsentState> ConsentOf(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, ConsentState>>(json, JsonDefaults.Options) ?? [];
}
