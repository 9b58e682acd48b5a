namespace Rapport.Platform.Trash;

/// <summary>
/// The extension point of the trash purge: a module with rows that hang off a purged record and are not removed with
/// it by a foreign key (Activities' <c>activity_targets</c>) removes them in <see cref="PurgingAsync"/>. The purge calls
/// every participant once per entity type of a batch, before it saves; participants remove tracked entities and do not
/// save, so the rows go in the purge's own SaveChanges. Registered as <c>services.AddScoped&lt;IPurgeParticipant, …&gt;()</c>.
/// </summary>
public interface IPurgeParticipant
{
    /// <param name="entityType">The purged entities' trash type name (<c>RapportDb.EntityTypeName</c>: "note", "crmTask", "deal", …).</param>
    Task PurgingAsync(string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct);
}
