using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rapport.Common;

/// <summary>Collects field errors (camelCase paths) while a JSON body is read; throws them as one 400.</summary>
public sealed class FieldErrors
{
    public Dictionary<string, string[]> Items { get; } = [];
    public bool Any => Items.Count > 0;
    public void Add(string path, string message) => Items[path] = Items.TryGetValue(path, out var m) ? [.. m, message] : [message];
    public void ThrowIfAny()
    {
        if (Any) throw new ValidationFailedException(Items);
    }
}

/// <summary>
/// Typed reads of JSON merge-patch bodies (RFC 7396): each reader accepts JSON null as "clear"
/// where the field is optional, and records a clear message at the field's path otherwise.
/// </summary>
public static class JsonInput
{
    public static bool IsNull(JsonNode? n) => n is null || n.GetValueKind() == JsonValueKind.Null;

    public static string? Text(JsonNode? n, string path, FieldErrors e, int max, bool required = false)
    {
        if (IsNull(n))
        {
            if (required) e.Add(path, "Is required.");
            return null;
        }
        if (n is not JsonValue v || v.GetValueKind() != JsonValueKind.String) { e.Add(path, "Must be a text."); return null; }
        var s = v.GetValue<string>().Trim();
        if (s.Length > max) { e.Add(path, $"Must be at most {max} characters."); return null; }
        if (s.Length == 0)
        {
            if (required) e.Add(path, "Is required.");
            return null;
        }
        return s;
    }

    public static Guid? Id(JsonNode? n, string path, FieldErrors e)
    {
        if (IsNull(n)) return null;
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String && Guid.TryParse(v.GetValue<string>(), out var g)) return g;
        e.Add(path, "Must be an id.");
        return null;
    }

    public static DateOnly? Date(JsonNode? n, string path, FieldErrors e)
    {
        if (IsNull(n)) return null;
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String
            && DateOnly.TryParseExact(v.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        e.Add(path, "Must be a date as YYYY-MM-DD.");
        return null;
    }

    public static DateTime? Time(JsonNode? n, string path, FieldErrors e)
    {
        if (IsNull(n)) return null;
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            && v.GetValue<string>().Contains('T'))
            return d.UtcDateTime;
        e.Add(path, "Must be a date and time in ISO 8601, e.g. 2026-11-23T14:00:00Z.");
        return null;
    }

    public static decimal? Number(JsonNode? n, string path, FieldErrors e)
    {
        if (IsNull(n)) return null;
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d)) return d;
        e.Add(path, "Must be a number.");
        return null;
    }

    public static bool? Bool(JsonNode? n, string path, FieldErrors e)
    {
        if (IsNull(n)) return null;
        if (n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        e.Add(path, "Must be true or false.");
        return null;
    }

    public static JsonArray? Array(JsonNode? n, string path, FieldErrors e, int max)
    {
        if (IsNull(n)) return [];
        if (n is not JsonArray a) { e.Add(path, "Must be a list."); return null; }
        if (a.Count > max) { e.Add(path, $"Must have at most {max} items."); return null; }
        return a;
    }

    public static JsonObject? Object(JsonNode? n, string path, FieldErrors e)
    {
        if (IsNull(n)) return null;
        if (n is JsonObject o) return o;
        e.Add(path, "Must be an object.");
        return null;
    }

    /// <summary>A plausible e-mail address, lower-cased; null (with an error) when it is not one.</summary>
    public static string? Email(string? text, string path, FieldErrors e)
    {
        if (text is null) return null;
        if (text.Length <= 254 && !text.Contains(' ') && MailAddress.TryCreate(text, out var m) && m.Address == text
            && m.Host.Contains('.') && !m.Host.StartsWith('.') && !m.Host.EndsWith('.'))
            return text.ToLowerInvariant();
        e.Add(path, "Must be an e-mail address.");
        return null;
    }

    public static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Host.Contains('.');
}
