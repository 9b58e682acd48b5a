using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// Changes the workspace settings from a JSON merge patch (RFC 7396). Owners and admins only.
/// An <c>If-Match</c> version that is not the current one gets 412.
/// </summary>
public sealed class UpdateWorkspace(RapportDb db, RequestContext ctx)
{
    public sealed record Settings(string? Name, string? DefaultCountry, string? TimeZone, string? Locale,
        string? BaseCurrency, int? FiscalYearStartMonth);

    public async Task<WorkspaceDto> HandleAsync(JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var id = ctx.WorkspaceId;
        var w = await db.Workspaces.SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("The workspace was not found.");
        if (ifMatchVersion is { } v && v != w.Version) throw new PreconditionFailedException();

        var errors = new Dictionary<string, string[]>();
        foreach (var (field, node) in patch)
        {
            string? Text() => node is JsonValue jv && jv.TryGetValue<string>(out var s) ? s.Trim() : null;
            void Fail(string message) => errors[field] = [message];
            switch (field)
            {
                case "name":
                    if (Text() is { Length: > 0 and <= 200 } name) w.Name = name; else Fail("Must be a text of 1 to 200 characters.");
                    break;
                case "defaultCountry":
                    if (Text() is { } c && IsCountry(c)) w.DefaultCountry = c.ToUpperInvariant(); else Fail("Must be an ISO 3166-1 alpha-2 country code, e.g. \"US\".");
                    break;
                case "timeZone":
                    if (Text() is { } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _)) w.TimeZone = tz; else Fail("Must be an IANA time zone, e.g. \"Europe/Paris\".");
                    break;
                case "locale":
                    if (Text() is { } l && IsLocale(l)) w.Locale = l; else Fail("Must be a locale such as \"en-US\".");
                    break;
                case "baseCurrency":
                    if (Text() is { } cur && IsCurrency(cur)) w.BaseCurrency = cur.ToUpperInvariant(); else Fail("Must be an ISO 4217 currency code, e.g. \"EUR\".");
                    break;
                case "fiscalYearStartMonth":
                    if (node is JsonValue mv && mv.GetValueKind() == JsonValueKind.Number && mv.TryGetValue<int>(out var month) && month is >= 1 and <= 12)
                        w.FiscalYearStartMonth = month;
                    else Fail("Must be a month number from 1 to 12.");
                    break;
                case "recordVisibility":
                    if (node is not JsonObject scopes) { Fail("Must be an object: role → own, team or all."); break; }
                    var current = RecordVisibility.Effective(w.RecordVisibility).ToDictionary();
                    foreach (var (role, scopeNode) in scopes)
                    {
                        var scope = scopeNode is JsonValue sv && sv.TryGetValue<string>(out var sc) ? sc : null;
                        if (!Roles.IsValid(role)) errors[$"recordVisibility.{role}"] = ["There is no such role."];
                        else if (scope is null || !RecordVisibility.Scopes.Contains(scope)) errors[$"recordVisibility.{role}"] = ["Must be own, team or all."];
                        else if (Roles.IsAdmin(role) && scope != RecordVisibility.All) errors[$"recordVisibility.{role}"] = ["Owners and admins always see all records."];
                        else current[role] = scope;
                    }
                    w.RecordVisibility = JsonSerializer.Serialize(current);
                    break;
                case "id" or "createdAt" or "version":
                    Fail("This field cannot be changed.");
                    break;
                default:
                    Fail("Unknown field.");
                    break;
            }
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        await db.SaveChangesAsync(ct);
        return WorkspaceDto.From(w);
    }

    private static readonly Lazy<(HashSet<string> Countries, HashSet<string> Currencies)> Regions = new(() =>
    {
        var countries = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var currencies = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                var r = new RegionInfo(c.Name);
                if (r.TwoLetterISORegionName.Length == 2) countries.Add(r.TwoLetterISORegionName);
                if (r.ISOCurrencySymbol.Length == 3) currencies.Add(r.ISOCurrencySymbol);
            }
            catch (ArgumentException) { }
        }
        return (countries, currencies);
    });

    public static bool IsCountry(string code) => Regions.Value.Countries.Contains(code);
    public static bool IsCurrency(string code) => Regions.Value.Currencies.Contains(code);

    public static bool IsLocale(string name)
    {
        if (name.Length is < 2 or > 35) return false;
        try { return !CultureInfo.GetCultureInfo(name, predefinedOnly: true).Equals(CultureInfo.InvariantCulture); }
        catch (CultureNotFoundException) { return false; }
    }
}
