namespace Rapport.Web.Imports;

/// <summary>
/// How the wizard names each kind of record it imports and where their list is. A kind registered with
/// <c>AddImportTarget</c> but not listed here still works, named after its entity ("deal" → Deals, /deals).
/// </summary>
public static class ImportKinds
{
    public sealed record Kind(string Entity, string Plural, string ListPath);

    public static readonly IReadOnlyList<Kind> Known =
    [
        new("contact", "Contacts", "/contacts"),
        new("account", "Accounts", "/accounts"),
        new("lead", "Leads", "/leads"),
    ];

    /// <summary>The kind of a registered entity; an unknown or missing one is contacts (the wizard's default).</summary>
    public static Kind Of(string? entity, IEnumerable<Rapport.Imports.IImportTarget> targets)
        => targets.FirstOrDefault(t => t.Entity == entity) is { } target ? Named(target.Entity) : Known[0];

    /// <summary>The kind for a stored import's entity (reports and lists).</summary>
    public static Kind Named(string entity) =>
        Known.FirstOrDefault(k => k.Entity == entity) ?? new Kind(entity, entity.Length == 0 ? entity : char.ToUpperInvariant(entity[0]) + entity[1..] + "s", $"/{entity}s");

    /// <summary>Every registered kind, the known ones first in their order.</summary>
    public static IReadOnlyList<Kind> All(IEnumerable<Rapport.Imports.IImportTarget> targets) =>
        targets.Select(t => Named(t.Entity)).OrderBy(k => Known.IndexOf(k) is var i and >= 0 ? i : int.MaxValue).ToList();

    public static string MatchLabel(string key) => key switch
    {
        "email" => "E-mail",
        "phone" => "Phone",
        "externalId" => "External ID",
        "domain" => "Domain",
        "name" => "Name",
        _ => key,
    };

    private static int IndexOf(this IReadOnlyList<Kind> list, Kind k)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == k) return i;
        return -1;
    }
}
