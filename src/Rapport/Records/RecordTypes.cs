using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;

namespace Rapport.Records;

/// <summary>
/// A kind of record a module owns, registered from that module's <c>AddX()</c> with
/// <see cref="RecordTypeRegistration.AddRecordType"/>, so the kernel and the modules below it can name,
/// link, show and guard any record without knowing the module: activities target it, custom fields
/// may extend it, the timeline asks for it.
/// </summary>
/// <param name="Name">Stable lower-case name used in the API and the database, e.g. "deal".</param>
/// <param name="Label">Singular label for people, e.g. "Deal".</param>
/// <param name="Icon">The icon's name in the UI.</param>
/// <param name="PagePattern">The record page, with <c>{id}</c> for the id, e.g. "/deals/{id}".</param>
/// <param name="Ids">The workspace's live records' ids (trash excluded); the tenancy filter applies.</param>
/// <param name="OutOfSight">Given the owner ids in sight (<see cref="RecordAccess.VisibleOwnerIdsAsync"/>),
/// the ids of the records — trash included — that are out of sight. Composable into EF queries.</param>
/// <param name="CustomFieldsTable">The table whose <c>custom_fields</c> JSON column holds the type's custom
/// fields; null when the type has none.</param>
public sealed record RecordType(
    string Name,
    string Label,
    string Icon,
    string PagePattern,
    Func<RapportDb, IQueryable<Guid>> Ids,
    Func<RapportDb, Guid[], IQueryable<Guid>> OutOfSight,
    string? CustomFieldsTable = null)
{
    public string PageOf(Guid id) => PagePattern.Replace("{id}", id.ToString());
}

/// <summary>The registered record types (every module's <see cref="RecordType"/> from DI).</summary>
public sealed class RecordTypes(IEnumerable<RecordType> types)
{
    private readonly Dictionary<string, RecordType> byName = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<RecordType> All => byName.Values;
    public RecordType? Find(string? name) => name is not null && byName.TryGetValue(name, out var t) ? t : null;
    public bool IsKnown(string? name) => Find(name) is not null;

    /// <summary>The types that keep custom fields ("contact", "account", "lead").</summary>
    public IEnumerable<RecordType> WithCustomFields => byName.Values.Where(t => t.CustomFieldsTable is not null).OrderBy(t => t.Name, StringComparer.Ordinal);

    public string? PageOf(RecordRef r) => Find(r.Type)?.PageOf(r.Id);
}

public static class RecordTypeRegistration
{
    /// <summary>One line per record type in its module's <c>AddX()</c>.</summary>
    public static IServiceCollection AddRecordType(this IServiceCollection services, RecordType type)
    {
        services.AddSingleton(type);
        return services;
    }

    /// <summary>The kernel's services (called once, from <c>AddRapport</c>).</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddSingleton<RecordTypes>();
        services.AddScoped<RecordAccess>();
        return services;
    }
}
