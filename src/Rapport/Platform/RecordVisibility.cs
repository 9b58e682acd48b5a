using System.Text.Json;
using Rapport.Common;

namespace Rapport.Platform;

/// <summary>
/// The workspace setting "which records does each role see": own, team (own + the team's), or all.
/// Stored as JSON on the workspace; roles without an entry take the defaults (sales: team; every
/// other role: all). Enforced by <c>CustomerAccess</c>.
/// </summary>
public static class RecordVisibility
{
    public const string Own = "own", Team = "team", All = "all";
    public static readonly string[] Scopes = [Own, Team, All];

    public static string DefaultScope(string role) => role == Roles.Sales ? Team : All;

    public static string ScopeFor(string? settingsJson, string role) =>
        Parse(settingsJson).TryGetValue(role, out var s) ? s : DefaultScope(role);

    /// <summary>Every role with its effective scope.</summary>
    public static IReadOnlyDictionary<string, string> Effective(string? settingsJson)
    {
        var set = Parse(settingsJson);
        return Roles.All.ToDictionary(r => r, r => set.TryGetValue(r, out var s) ? s : DefaultScope(r));
    }

    private static Dictionary<string, string> Parse(string? json)
    {
        var result = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(json)) return result;
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in doc.RootElement.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String && Scopes.Contains(p.Value.GetString()) && Roles.IsValid(p.Name))
                result[p.Name] = p.Value.GetString()!;
        return result;
    }
}
