namespace Rapport.Search;

/// <summary>
/// Global search's extension point: one per searchable record type. A module makes its records
/// searchable in two parts:
/// <list type="number">
/// <item>in SQL (its migration, for both providers): a view <c>search_&lt;thing&gt;_documents</c> with the
/// columns of <see cref="SearchDocument"/>, and triggers on its table that replace the rows' documents
/// on insert, on update of a searched column, on soft delete/restore and on delete (see
/// <c>0004_search.sql</c>: contacts and accounts);</item>
/// <item>in C#: this interface, registered with one line, <c>services.AddSearchSource&lt;DealSearchSource&gt;()</c>.</item>
/// </list>
/// Search then finds, ranks and shows the module's records with everyone else's, in one query.
/// </summary>
public interface ISearchSource
{
    /// <summary>The record type its documents carry (<c>record_type</c>) and the API shows as <c>type</c>: camelCase, e.g. "deal".</summary>
    string Type { get; }

    /// <summary>
    /// The owners whose records of this type the caller may see (records without an owner are always
    /// visible); null when the caller sees them all. Must apply the same rule as the module's lists.
    /// </summary>
    Task<Guid[]?> VisibleOwnerIdsAsync(CancellationToken ct);
}
