using System.Text.Json.Nodes;

namespace Rapport.Records;

/// <summary>
/// The extension point of a contact's data-subject rights (Customers' <c>ContactPrivacy</c>):
/// each module that holds rows about a person adds them to the export and anonymizes them on
/// erasure, so Customers names no other module's tables. Like <see cref="IMergeParticipant"/>,
/// a participant changes tracked entities and does not save: ContactPrivacy saves once, in the
/// erasing transaction, then scrubs the audit log and trash of every record id the participants
/// return. A module registers its own: <c>services.AddScoped&lt;IErasureParticipant, X&gt;()</c>.
/// </summary>
public interface IErasureParticipant
{
    /// <summary>Adds this module's sections about the contact to the export (e.g. "interactions").</summary>
    Task ExportAsync(Guid contactId, JsonObject export, CancellationToken ct);

    /// <summary>Anonymizes this module's rows about the contact (tracked, not saved) and returns the
    /// ids of the records changed, whose audit entries' values and trash titles must go too.</summary>
    Task<IReadOnlyCollection<Guid>> EraseAsync(Guid contactId, CancellationToken ct);
}
