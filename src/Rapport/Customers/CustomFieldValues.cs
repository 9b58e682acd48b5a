using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Records;

namespace Rapport.Customers;

/// <summary>
/// Validates custom field values on every write and stores them normalized, so SQL can compare
/// them: numbers as JSON numbers, dates as "YYYY-MM-DD", date-times as UTC "…Z", e-mails lower-case,
/// phones E.164, multi-selects as arrays of known options.
/// </summary>
public static class CustomFieldValues
{
    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>
    /// Merges a patch (object keyed by field key; null removes a value) into the stored JSON and
    /// returns the new JSON. Unknown keys, bad values and missing required values are errors.
    /// </summary>
    public static string Merge(string storedJson, JsonNode? patch, IReadOnlyList<CustomFieldDefinition> defs,
        FieldErrors e, string defaultCountry, bool creating)
    {
        var current = JsonNode.Parse(storedJson) as JsonObject ?? [];
        var byKey = defs.ToDictionary(d => d.Key);
        if (patch is not null && !JsonInput.IsNull(patch))
        {
            if (patch is not JsonObject obj) { e.Add("customFields", "Must be an object keyed by the custom field's key."); return storedJson; }
            foreach (var (key, value) in obj)
            {
                var path = $"customFields.{key}";
                if (!byKey.TryGetValue(key, out var def)) { e.Add(path, "There is no such custom field."); continue; }
                var normalized = Normalize(def, value, path, e, defaultCountry);
                if (normalized is null) current.Remove(key);
                else current[key] = normalized;
            }
        }
        foreach (var def in defs.Where(d => d.Required))
            if (!current.ContainsKey(def.Key) && (creating || patch is JsonObject p && p.ContainsKey(def.Key)))
                e.Add($"customFields.{def.Key}", $"{def.Label} is required.");
        // Values of fields that were deleted stay stored (restoring the field brings them back) but are not shown.
        return current.ToJsonString(Compact);
    }

    /// <summary>The value as stored, or null to remove it; records an error when it does not fit the type.</summary>
    public static JsonNode? Normalize(CustomFieldDefinition def, JsonNode? value, string path, FieldErrors e, string defaultCountry)
    {
        if (JsonInput.IsNull(value)) return null;
        var errorsBefore = e.Items.Count;
        JsonNode? result = null;
        switch (def.Type)
        {
            case CustomFieldTypes.Text:
                result = JsonInput.Text(value, path, e, 1000) is { } t ? JsonValue.Create(t) : null; break;
            case CustomFieldTypes.LongText:
                result = JsonInput.Text(value, path, e, 20000) is { } lt ? JsonValue.Create(lt) : null; break;
            case CustomFieldTypes.Number:
            case CustomFieldTypes.Currency:
                if (JsonInput.Number(value, path, e) is { } n)
                {
                    if (Math.Abs(n) >= 1e15m) e.Add(path, "Is too large.");
                    else result = JsonValue.Create(n);
                }
                break;
            case CustomFieldTypes.Date:
                result = JsonInput.Date(value, path, e) is { } d ? JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null; break;
            case CustomFieldTypes.DateTime:
                result = JsonInput.Time(value, path, e) is { } dt ? JsonValue.Create(dt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : null; break;
            case CustomFieldTypes.Boolean:
                result = JsonInput.Bool(value, path, e) is { } b ? JsonValue.Create(b) : null; break;
            case CustomFieldTypes.SingleSelect:
                if (JsonInput.Text(value, path, e, 200) is { } opt)
                {
                    var match = OptionsOf(def).FirstOrDefault(o => string.Equals(o, opt, StringComparison.OrdinalIgnoreCase));
                    if (match is null) e.Add(path, $"Must be one of: {string.Join(", ", OptionsOf(def))}.");
                    else result = JsonValue.Create(match);
                }
                break;
            case CustomFieldTypes.MultiSelect:
                if (value is not JsonArray arr) { e.Add(path, "Must be a list of options."); break; }
                var chosen = new List<string>();
                var options = OptionsOf(def);
                foreach (var item in arr)
                {
                    var o = item is JsonValue iv && iv.GetValueKind() == JsonValueKind.String ? iv.GetValue<string>().Trim() : null;
                    var m = options.FirstOrDefault(x => string.Equals(x, o, StringComparison.OrdinalIgnoreCase));
                    if (m is null) { e.Add(path, $"Each item must be one of: {string.Join(", ", options)}."); break; }
                    if (!chosen.Contains(m)) chosen.Add(m);
                }
                result = chosen.Count == 0 ? null : new JsonArray(chosen.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray());
                break;
            case CustomFieldTypes.Url:
                if (JsonInput.Text(value, path, e, 2000) is { } url)
                {
                    if (JsonInput.IsHttpUrl(url)) result = JsonValue.Create(url);
                    else e.Add(path, "Must be a web address starting with http:// or https://.");
                }
                break;
            case CustomFieldTypes.Email:
                result = JsonInput.Email(JsonInput.Text(value, path, e, 254), path, e) is { } em ? JsonValue.Create(em) : null; break;
            case CustomFieldTypes.Phone:
                if (JsonInput.Text(value, path, e, 40) is { } ph)
                {
                    if (PhoneNumbers.Normalize(ph, defaultCountry) is { } norm) result = JsonValue.Create(norm);
                    else e.Add(path, "Must be a phone number, e.g. +1 415 555 0100.");
                }
                break;
        }
        return e.Items.Count > errorsBefore ? null : result;
    }

    /// <summary>A filter value from a query string, in the stored form; null when it does not fit the type.</summary>
    public static object? ParseFilter(CustomFieldDefinition def, string raw, string defaultCountry)
    {
        switch (def.Type)
        {
            case CustomFieldTypes.Number or CustomFieldTypes.Currency:
                // "NaN" and "Infinity" parse as doubles but no stored number compares with them (PostgreSQL fails the query).
                return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;
            case CustomFieldTypes.Date:
                return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            case CustomFieldTypes.DateTime:
                if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt)
                    ? dt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null;
            case CustomFieldTypes.Boolean:
                return bool.TryParse(raw, out var b) ? b : null;
            case CustomFieldTypes.SingleSelect or CustomFieldTypes.MultiSelect:
                return OptionsOf(def).FirstOrDefault(o => string.Equals(o, raw, StringComparison.OrdinalIgnoreCase));
            case CustomFieldTypes.Email:
                return raw.Trim().ToLowerInvariant();
            case CustomFieldTypes.Phone:
                return PhoneNumbers.Normalize(raw, defaultCountry);
            default:
                return raw;
        }
    }

    /// <summary>A stored value as one text cell (exports): multi-select options joined with "; ".</summary>
    public static string? AsText(JsonNode? value) =>
        value is null ? null : value is JsonArray arr ? string.Join("; ", arr.Select(x => x?.ToString())) : value.ToString();

    public static string[] OptionsOf(CustomFieldDefinition def) => def.OptionList();

    /// <summary>The value shown for a stored JSON object, only for fields that exist (deleted fields' values stay hidden).</summary>
    public static JsonObject Visible(string storedJson, IReadOnlyList<CustomFieldDefinition> defs)
    {
        var stored = JsonNode.Parse(storedJson) as JsonObject ?? [];
        var result = new JsonObject();
        foreach (var def in defs)
            if (stored[def.Key] is { } v) result[def.Key] = v.DeepClone();
        return result;
    }
}
