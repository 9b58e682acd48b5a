using System.Globalization;
using System.Text.Json.Nodes;
using Rapport.Common;

namespace Rapport.Leads;

/// <summary>
/// A condition on a lead's field, shared by fit scoring rules and assignment criteria:
/// <c>{"field":"title","operator":"contains","value":"Director"}</c>. Text compares ignore case;
/// <c>in</c> takes a comma-separated list; greaterThan/lessThan are for the number fields. A lead custom
/// field is named <c>customFields.KEY</c> (its stored value: numbers compare as numbers, a multi-select
/// as its options joined with commas).
/// </summary>
public sealed record LeadCondition(string Field, string Operator, string? Value)
{
    public bool Matches(Lead lead) => LeadConditions.Matches(this, lead);
    public string Describe() => LeadConditions.Describe(this);
}

public static class LeadConditions
{
    public const string EqualsOp = "equals", NotEquals = "notEquals", Contains = "contains", In = "in", NotEmpty = "notEmpty", Empty = "empty",
        GreaterThan = "greaterThan", LessThan = "lessThan";
    public static readonly string[] Operators = [EqualsOp, NotEquals, Contains, In, NotEmpty, Empty, GreaterThan, LessThan];

    /// <summary>Field key → (label as the explanation reads it, value getter). Numbers come back as invariant text.</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, bool Numeric, Func<Lead, string?> Get)> Fields =
        new Dictionary<string, (string, bool, Func<Lead, string?>)>
        {
            ["firstName"] = ("first name", false, l => l.FirstName),
            ["lastName"] = ("last name", false, l => l.LastName),
            ["email"] = ("e-mail", false, l => l.Email),
            ["emailDomain"] = ("e-mail domain", false, l => l.Email is { } e && e.IndexOf('@') is var i and > 0 ? e[(i + 1)..] : null),
            ["phone"] = ("phone", false, l => l.Phone),
            ["company"] = ("company", false, l => l.Company),
            ["title"] = ("job title", false, l => l.Title),
            ["website"] = ("website", false, l => l.Website),
            ["employees"] = ("employees", true, l => l.Employees?.ToString(CultureInfo.InvariantCulture)),
            ["industry"] = ("industry", false, l => l.Industry),
            ["country"] = ("country", false, l => l.Country),
            ["region"] = ("region", false, l => l.Region),
            ["city"] = ("city", false, l => l.City),
            ["source"] = ("source", false, l => l.Source),
            ["campaign"] = ("campaign", false, l => l.Campaign),
            ["status"] = ("status", false, l => l.Status),
        };

    public const string CustomPrefix = "customFields.";
    private static readonly System.Text.RegularExpressions.Regex CustomKey = new(@"^customFields\.[a-zA-Z][a-zA-Z0-9_]{0,49}$");

    /// <summary>The condition's field on this lead as text, and whether it compares as a number.</summary>
    public static (string? Value, bool Numeric) ValueOf(string field, Lead lead)
    {
        if (Fields.TryGetValue(field, out var f)) return (f.Get(lead), f.Numeric);
        if (!field.StartsWith(CustomPrefix, StringComparison.Ordinal) || lead.CustomFields.Length <= 2) return (null, false);
        return (JsonNode.Parse(lead.CustomFields) as JsonObject)?[field[CustomPrefix.Length..]] switch
        {
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => (v.ToJsonString(), true),
            JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => (v.ToJsonString(), false),
            JsonValue v => (v.GetValue<string>(), false),
            JsonArray a => (string.Join(",", a.Select(x => x?.ToString())), false),
            _ => (null, false),
        };
    }

    public static bool Matches(LeadCondition c, Lead lead)
    {
        if (!Fields.ContainsKey(c.Field) && !c.Field.StartsWith(CustomPrefix, StringComparison.Ordinal)) return false;
        var (actual, numeric) = ValueOf(c.Field, lead);
        var f = (Numeric: numeric, Label: c.Field);
        var hasValue = !string.IsNullOrWhiteSpace(actual);
        switch (c.Operator)
        {
            case NotEmpty: return hasValue;
            case Empty: return !hasValue;
            case GreaterThan or LessThan:
                if (!hasValue || !double.TryParse(actual, CultureInfo.InvariantCulture, out var a)
                    || !double.TryParse(c.Value, CultureInfo.InvariantCulture, out var b)) return false;
                return c.Operator == GreaterThan ? a > b : a < b;
            case EqualsOp:
                return hasValue && Same(actual!, c.Value, f.Numeric);
            case NotEquals:
                return !hasValue || !Same(actual!, c.Value, f.Numeric);
            case Contains:
                return hasValue && c.Value is { Length: > 0 } v && actual!.Contains(v, StringComparison.OrdinalIgnoreCase);
            case In:
                return hasValue && ListOf(c.Value).Any(v => Same(actual!, v, f.Numeric));
            default: return false;
        }
    }

    private static bool Same(string actual, string? expected, bool numeric) =>
        numeric && double.TryParse(actual, CultureInfo.InvariantCulture, out var a) && double.TryParse(expected, CultureInfo.InvariantCulture, out var b)
            ? a == b
            : string.Equals(actual.Trim(), expected?.Trim(), StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> ListOf(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"job title contains Director", "country in FR, DE", "employees greater than 200".</summary>
    public static string Describe(LeadCondition c)
    {
        var label = Fields.TryGetValue(c.Field, out var f) ? f.Label
            : c.Field.StartsWith(CustomPrefix, StringComparison.Ordinal) ? c.Field[CustomPrefix.Length..] : c.Field;
        return c.Operator switch
        {
            NotEmpty => $"{label} is given",
            Empty => $"{label} is empty",
            EqualsOp => $"{label} is {c.Value}",
            NotEquals => $"{label} is not {c.Value}",
            Contains => $"{label} contains {c.Value}",
            In => $"{label} in {string.Join(", ", ListOf(c.Value))}",
            GreaterThan => $"{label} greater than {c.Value}",
            LessThan => $"{label} less than {c.Value}",
            _ => $"{label} {c.Operator} {c.Value}",
        };
    }

    /// <summary>Reads and checks one condition object; null (with errors at <paramref name="path"/>) when it is not valid.</summary>
    public static LeadCondition? Read(JsonNode? node, string path, FieldErrors e)
    {
        if (JsonInput.Object(node, path, e) is not { } o) { if (JsonInput.IsNull(node)) e.Add(path, "Is required."); return null; }
        foreach (var (k, _) in o)
            if (k is not ("field" or "operator" or "value")) e.Add($"{path}.{k}", "Unknown field.");
        var field = JsonInput.Text(o["field"], $"{path}.field", e, 50, required: true);
        var op = JsonInput.Text(o["operator"], $"{path}.operator", e, 20, required: true);
        string? value;
        if (o["value"] is JsonValue jv && jv.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            value = jv.ToJsonString();
        else if (o["value"] is JsonArray arr)
        {
            var items = new List<string>();
            foreach (var item in arr)
                if (item is JsonValue iv && iv.GetValueKind() is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number)
                    items.Add(iv.GetValueKind() == System.Text.Json.JsonValueKind.String ? iv.GetValue<string>().Trim() : iv.ToJsonString());
                else { e.Add($"{path}.value", "Must be a list of texts or numbers."); return null; }
            value = string.Join(",", items);
            if (value.Length > 500) { e.Add($"{path}.value", "Must be at most 500 characters."); return null; }
        }
        else value = JsonInput.Text(o["value"], $"{path}.value", e, 500);
        return Check(field, op, value, path, e);
    }

    public static LeadCondition? Check(string? field, string? op, string? value, string path, FieldErrors e)
    {
        var ok = true;
        (string Label, bool Numeric, Func<Lead, string?> Get) f = default;
        var custom = field is not null && CustomKey.IsMatch(field);
        if (custom) f = (field![CustomPrefix.Length..], true, _ => null); // a custom field: numbers or text, checked when matched
        else if (field is not null && !Fields.TryGetValue(field, out f)) { e.Add($"{path}.field", $"Must be one of: {string.Join(", ", Fields.Keys)}, or customFields.KEY."); ok = false; }
        if (op is not null && !Operators.Contains(op)) { e.Add($"{path}.operator", $"Must be one of: {string.Join(", ", Operators)}."); ok = false; }
        if (field is null || op is null || !ok) return null;
        if (op is not (NotEmpty or Empty) && string.IsNullOrEmpty(value)) { e.Add($"{path}.value", "Is required for this operator."); return null; }
        if (op is GreaterThan or LessThan)
        {
            if (!f.Numeric) { e.Add($"{path}.operator", "greaterThan and lessThan compare numbers: use them with employees."); return null; }
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number)) { e.Add($"{path}.value", "Must be a number."); return null; }
        }
        return new LeadCondition(field, op, op is NotEmpty or Empty ? null : value);
    }

    public static JsonObject ToJson(LeadCondition c) => new() { ["field"] = c.Field, ["operator"] = c.Operator, ["value"] = c.Value };
}
