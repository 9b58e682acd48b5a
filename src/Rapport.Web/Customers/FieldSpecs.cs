using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Web.Shared;
using Rapport.Records;

namespace Rapport.Web.Customers;

public sealed record Option(string Value, string Label);

public sealed record Chip(string Text, string? Href = null);

/// <summary>
/// One field of a contact or an account as the UI shows and edits it: its input (kind, options,
/// current values as form strings) and its display (text, link, chips). The same spec drives the
/// details column, the inline editor, the "new" forms and the list's cells, so a field looks and
/// behaves the same everywhere. <see cref="Key"/> is both the form field's name and the path the
/// handlers name in their validation errors (<c>email</c>, <c>customFields.shoeSize</c>).
/// </summary>
public sealed record FieldSpec
{
    public required string Key { get; init; }
    public required string Label { get; init; }
    /// <summary>text, textarea, email, tel, url, number, currency, date, datetime, select, multiselect, tags, bool.</summary>
    public required string Kind { get; init; }
    public IReadOnlyList<string> Values { get; init; } = [];
    public IReadOnlyList<Option> Options { get; init; } = [];
    public bool Required { get; init; }
    public string? Currency { get; init; }
    public string? Hint { get; init; }
    public int MaxLength { get; init; } = 1000;
    public string? Display { get; init; }
    public string? Href { get; init; }
    public IReadOnlyList<Chip> Chips { get; init; } = [];
    /// <summary>A custom field (its key under customFields).</summary>
    public bool Custom => Key.StartsWith(CustomPrefix, StringComparison.Ordinal);

    public string Value => Values.FirstOrDefault() ?? "";
    public bool IsEmpty => string.IsNullOrEmpty(Display) && Chips.Count == 0;
    /// <summary>An id-safe form of the key: "customFields.shoeSize" → "customFields-shoeSize".</summary>
    public string Slug => Key.Replace('.', '-');

    public const string CustomPrefix = "customFields.";

    /// <summary>The spec with what was typed (a form re-rendered with errors keeps it).</summary>
    public FieldSpec WithInput(IFormCollection form) =>
        this with { Values = Kind is "bool" && !form.ContainsKey(Key) ? [] : form[Key].Select(v => v ?? "").ToList() };

    /// <summary>The JSON value the handlers expect for what the form holds; a value that does not parse goes as typed, so the handler's message names it.</summary>
    public JsonNode? JsonOf(StringValues input, WorkspaceFormat fmt)
    {
        var first = input.FirstOrDefault()?.Trim();
        switch (Kind)
        {
            case "number" or "currency":
                if (string.IsNullOrEmpty(first)) return null;
                return decimal.TryParse(first, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var n)
                    ? JsonValue.Create(n) : JsonValue.Create(first);
            case "datetime":
                if (string.IsNullOrEmpty(first)) return null;
                return fmt.FromLocalInput(first) is { } utc
                    ? JsonValue.Create(utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : JsonValue.Create(first);
            case "bool":
                return first switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => null };
            case "multiselect":
                var chosen = input.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => (JsonNode)JsonValue.Create(v!.Trim())!).ToArray();
                return chosen.Length == 0 ? null : new JsonArray(chosen);
            case "tags":
                return new JsonArray(input.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Distinct(StringComparer.OrdinalIgnoreCase).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
            default:
                return string.IsNullOrEmpty(first) ? null : JsonValue.Create(first);
        }
    }

    /// <summary>Puts this field's value from the form into a JSON body (custom fields under "customFields").</summary>
    public void PutInto(JsonObject body, IFormCollection form, WorkspaceFormat fmt)
    {
        var value = JsonOf(form[Key], fmt);
        if (Custom)
        {
            if (body["customFields"] is not JsonObject cf) body["customFields"] = cf = new JsonObject();
            cf[Key[CustomPrefix.Length..]] = value;
        }
        else body[Key] = value;
    }
}

/// <summary>Builds the field specs of contacts and accounts from their DTOs.</summary>
public sealed class FieldSpecs(WorkspaceFormat fmt)
{
    public static readonly IReadOnlyList<Option> Stages = LifecycleStages.All.Select(s => new Option(s, Labels.Of(s))).ToList();
    public static readonly IReadOnlyList<Option> Roles = AccountRoles.All.Select(r => new Option(r, Labels.Of(r))).ToList();

    /// <summary>The editable fields of a contact (null: a new one), built-in first, then custom fields.</summary>
    public IReadOnlyList<FieldSpec> Contact(ContactDto? c, IReadOnlyList<ManageCustomFields.Dto> defs, IReadOnlyDictionary<Guid, string> members, IReadOnlyList<MemberOption>? owners = null)
    {
        var list = new List<FieldSpec>
        {
            Text("firstName", "First name", c?.FirstName, 100),
            Text("lastName", "Last name", c?.LastName, 100),
            Text("email", "E-mail", c?.Email, 254, "email") with { Href = c?.Email is { } e ? $"mailto:{e}" : null },
            Text("phone", "Phone", c?.Phone, 40, "tel") with { Href = c?.Phone is { } p ? $"tel:{p}" : null, Hint = "Written in any format; stored in international form." },
            Text("jobTitle", "Job title", c?.JobTitle, 150),
            new FieldSpec
            {
                Key = "lifecycleStage", Label = "Lifecycle stage", Kind = "select", Required = true, Options = Stages,
                Values = [c?.LifecycleStage ?? LifecycleStages.Awareness], Display = c is null ? null : Labels.Of(c.LifecycleStage),
            },
            Owner(c?.OwnerId, members, owners),
            Text("source", "Source", c?.Source, 100),
            new FieldSpec
            {
                Key = "birthDate", Label = "Birth date", Kind = "date", Values = c?.BirthDate is { } b ? [b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] : [],
                Display = c?.BirthDate is { } bd ? fmt.Date(bd) : null,
            },
            Tags(c?.Tags ?? [], "/contacts"),
        };
        list.AddRange(Custom(defs, c?.CustomFields));
        return list;
    }

    /// <summary>The editable fields of an account (null: a new one).</summary>
    public IReadOnlyList<FieldSpec> Account(AccountDto? a, IReadOnlyList<ManageCustomFields.Dto> defs, IReadOnlyDictionary<Guid, string> members,
        string? parentName, IReadOnlyList<Option>? parentOptions = null, IReadOnlyList<MemberOption>? owners = null)
    {
        var parentValues = a?.ParentAccountId is { } p ? new[] { p.ToString() } : [];
        var options = new List<Option> { new("", "No parent account") };
        if (a?.ParentAccountId is { } pid && parentOptions?.Any(o => o.Value == pid.ToString()) != true)
            options.Add(new Option(pid.ToString(), parentName ?? "(not visible)"));
        if (parentOptions is not null) options.AddRange(parentOptions.Where(o => o.Value != a?.Id.ToString()));
        var list = new List<FieldSpec>
        {
            Text("name", "Name", a?.Name, 200) with { Required = true },
            Text("domain", "Domain", a?.Domain, 253) with { Href = a?.Domain is { } d ? $"https://{d}" : null, Hint = "e.g. example.com" },
            Text("industry", "Industry", a?.Industry, 100),
            new FieldSpec
            {
                Key = "size", Label = "Size", Kind = "select", Values = a?.Size is { } s ? [s] : [], Display = a?.Size is { } sz ? $"{sz} people" : null,
                Options = [new("", "Unknown"), .. AccountSizes.All.Select(x => new Option(x, $"{x} people"))],
            },
            new FieldSpec
            {
                Key = "annualRevenue", Label = "Annual revenue", Kind = "number",
                Values = a?.AnnualRevenue is { } r ? [r.ToString(CultureInfo.InvariantCulture)] : [], Display = a?.AnnualRevenue is { } rv ? fmt.Number(rv) : null,
            },
            Text("phone", "Phone", a?.Phone, 40, "tel") with { Href = a?.Phone is { } ph ? $"tel:{ph}" : null },
            Owner(a?.OwnerId, members, owners),
            new FieldSpec
            {
                Key = "parentAccountId", Label = "Parent account", Kind = "select", Values = parentValues, Options = options,
                Display = a?.ParentAccountId is null ? null : parentName ?? "(not visible)",
                Href = a?.ParentAccountId is { } parent ? $"/accounts/{parent}" : null,
            },
            Tags(a?.Tags ?? [], "/accounts"),
        };
        list.AddRange(Custom(defs, a?.CustomFields));
        return list;
    }

    public sealed record MemberOption(Guid Id, string Name);

    private static FieldSpec Text(string key, string label, string? value, int max, string kind = "text") => new()
    {
        Key = key, Label = label, Kind = kind, MaxLength = max, Values = value is null ? [] : [value], Display = value,
    };

    private static FieldSpec Owner(Guid? ownerId, IReadOnlyDictionary<Guid, string> members, IReadOnlyList<MemberOption>? owners)
    {
        var options = new List<Option> { new("", "No owner") };
        options.AddRange((owners ?? members.Select(m => new MemberOption(m.Key, m.Value)).ToList())
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).Select(m => new Option(m.Id.ToString(), m.Name)));
        if (ownerId is { } o && options.All(x => x.Value != o.ToString())) options.Add(new Option(o.ToString(), members.GetValueOrDefault(o, "a former member")));
        return new FieldSpec
        {
            Key = "ownerId", Label = "Owner", Kind = "select", Options = options, Values = ownerId is { } id ? [id.ToString()] : [""],
            Display = ownerId is { } oid ? members.GetValueOrDefault(oid, "a former member") : null,
        };
    }

    private static FieldSpec Tags(IReadOnlyList<string> tags, string listPath) => new()
    {
        Key = "tags", Label = "Tags", Kind = "tags", Values = tags.Count == 0 ? [] : [string.Join(", ", tags)],
        Chips = tags.Select(t => new Chip(t, $"{listPath}?tag={Uri.EscapeDataString(t)}")).ToList(),
        Hint = "Separate tags with commas.",
    };

    public IEnumerable<FieldSpec> Custom(IReadOnlyList<ManageCustomFields.Dto> defs, JsonObject? values)
    {
        foreach (var d in defs)
            yield return CustomField(d, values?[d.Key]);
    }

    /// <summary>A custom field's spec: its input by type and its value as shown in the workspace's locale.</summary>
    public FieldSpec CustomField(ManageCustomFields.Dto d, JsonNode? v)
    {
        var kind = d.Type switch
        {
            CustomFieldTypes.LongText => "textarea", CustomFieldTypes.Number => "number", CustomFieldTypes.Currency => "currency",
            CustomFieldTypes.Date => "date", CustomFieldTypes.DateTime => "datetime", CustomFieldTypes.Boolean => "bool",
            CustomFieldTypes.SingleSelect => "select", CustomFieldTypes.MultiSelect => "multiselect", CustomFieldTypes.Url => "url",
            CustomFieldTypes.Email => "email", CustomFieldTypes.Phone => "tel", _ => "text",
        };
        var spec = new FieldSpec
        {
            Key = FieldSpec.CustomPrefix + d.Key, Label = d.Label, Kind = kind, Required = d.Required, Currency = d.Currency,
            MaxLength = d.Type == CustomFieldTypes.LongText ? 20000 : 1000,
            Options = kind == "select" ? [new("", "—"), .. d.Options.Select(o => new Option(o, o))] : d.Options.Select(o => new Option(o, o)).ToList(),
        };
        if (v is null || v.GetValueKind() == JsonValueKind.Null) return spec;
        switch (d.Type)
        {
            case CustomFieldTypes.Number or CustomFieldTypes.Currency when v.GetValueKind() == JsonValueKind.Number:
                var n = v.GetValue<decimal>();
                return spec with { Values = [n.ToString(CultureInfo.InvariantCulture)], Display = d.Type == CustomFieldTypes.Currency ? fmt.Money(n, d.Currency) : fmt.Number(n) };
            case CustomFieldTypes.Date when DateOnly.TryParseExact(v.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return spec with { Values = [v.ToString()], Display = fmt.Date(date) };
            case CustomFieldTypes.DateTime when DateTime.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at):
                return spec with { Values = [fmt.ToLocalInput(at)], Display = fmt.LocalDateTime(at) };
            case CustomFieldTypes.Boolean when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                var b = v.GetValue<bool>();
                return spec with { Values = [b ? "true" : "false"], Display = b ? "Yes" : "No" };
            case CustomFieldTypes.MultiSelect when v is JsonArray arr:
                var items = arr.Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToList();
                return spec with { Values = items, Chips = items.Select(x => new Chip(x)).ToList() };
            default:
                var text = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
                return spec with
                {
                    Values = [text], Display = text,
                    Href = d.Type switch { CustomFieldTypes.Url => text, CustomFieldTypes.Email => $"mailto:{text}", CustomFieldTypes.Phone => $"tel:{text}", _ => null },
                };
        }
    }
}

/// <summary>Words for the API's camelCase values: "decisionMaker" → "Decision maker".</summary>
public static class Labels
{
    public static string Of(string value)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(value, "([a-z])([A-Z])", "$1 $2").ToLowerInvariant();
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>"contact" or "account" errors keyed by paths such as "tags[2]" or "accounts[0].role" shown under their field.</summary>
    public static Dictionary<string, string[]> ForFields(IDictionary<string, string[]> errors)
    {
        var result = new Dictionary<string, string[]>();
        foreach (var (key, messages) in errors)
        {
            var field = key.StartsWith(FieldSpec.CustomPrefix) ? key : key.Split('[', '.')[0];
            result[field] = result.TryGetValue(field, out var m) ? [.. m, .. messages] : messages;
        }
        return result;
    }
}
