using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers;

/// <summary>Fields contacts and accounts share: addresses, tags, owner, custom-field uniqueness.</summary>
public static class RecordFields
{
    public const int MaxTags = 50;

    public static List<PostalAddress>? Addresses(JsonNode? node, FieldErrors e)
    {
        if (JsonInput.Array(node, "addresses", e, 20) is not { } arr) return null;
        var list = new List<PostalAddress>();
        for (var i = 0; i < arr.Count; i++)
        {
            var p = $"addresses[{i}]";
            if (JsonInput.Object(arr[i], p, e) is not { } o) { if (JsonInput.IsNull(arr[i])) e.Add(p, "Must be an object."); continue; }
            foreach (var (k, _) in o)
                if (k is not ("label" or "street" or "city" or "postcode" or "region" or "country")) e.Add($"{p}.{k}", "Unknown field.");
            var country = JsonInput.Text(o["country"], $"{p}.country", e, 2);
            if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter))) e.Add($"{p}.country", "Must be an ISO 3166-1 alpha-2 country code, e.g. FR.");
            var a = new PostalAddress(JsonInput.Text(o["label"], $"{p}.label", e, 50), JsonInput.Text(o["street"], $"{p}.street", e, 300),
                JsonInput.Text(o["city"], $"{p}.city", e, 100), JsonInput.Text(o["postcode"], $"{p}.postcode", e, 20),
                JsonInput.Text(o["region"], $"{p}.region", e, 100), country?.ToUpperInvariant());
            list.Add(a);
        }
        return list;
    }

    public static List<string>? Tags(JsonNode? node, FieldErrors e)
    {
        if (JsonInput.Array(node, "tags", e, MaxTags) is not { } arr) return null;
        var tags = new List<string>();
        for (var i = 0; i < arr.Count; i++)
        {
            if (JsonInput.Text(arr[i], $"tags[{i}]", e, 50, required: true) is not { } t) continue;
            if (!tags.Contains(t, StringComparer.OrdinalIgnoreCase)) tags.Add(t);
        }
        return tags;
    }

    public static async Task<string> DefaultCountryAsync(RapportDb db, CancellationToken ct)
    {
        var id = db.Request.WorkspaceId;
        return await db.Workspaces.Where(w => w.Id == id).Select(w => w.DefaultCountry).SingleAsync(ct);
    }

    /// <summary>409 when another record of the workspace (visible or not) holds the same value of a unique custom field.</summary>
    public static async Task EnsureUniqueAsync<T>(IQueryable<T> others, string customFieldsJson, IReadOnlyList<CustomFieldDefinition> defs,
        Expression<Func<T, string>> column, Func<T, Guid> idOf, bool sqlite, CancellationToken ct) where T : class
    {
        var values = JsonNode.Parse(customFieldsJson) as JsonObject ?? [];
        foreach (var def in defs.Where(d => d.Unique))
        {
            if (values[def.Key] is not JsonValue v) continue;
            object value = v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>()
                : v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : v.GetValue<string>();
            var clash = await others.Where(CustomFieldQuery.Filter(column, def, CustomFieldQuery.Eq, value, sqlite)).Take(5).ToListAsync(ct);
            if (clash.Count > 0)
                throw new ConflictException($"Another record has this {def.Label}.", clash.Select(idOf).ToList());
        }
    }

    /// <summary>
    /// An <c>ownerId</c> list filter's values: user ids, "me" (the acting user, when there is one) and "none"
    /// (no owner). A value that is none of these is an error at <paramref name="name"/>.
    /// </summary>
    public static (List<Guid> Ids, bool None) OwnerFilter(IEnumerable<string> values, Guid? me, Common.FieldErrors e, string name = "ownerId")
    {
        var ids = new List<Guid>();
        var none = false;
        foreach (var v in values)
        {
            if (v == "me") { if (me is { } m) ids.Add(m); }
            else if (v == "none") none = true;
            else if (Guid.TryParse(v, out var g)) ids.Add(g);
            else e.Add(name, "Must be user ids, \"me\" or \"none\".");
        }
        return (ids, none);
    }
}
