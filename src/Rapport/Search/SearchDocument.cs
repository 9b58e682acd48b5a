using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Data;

namespace Rapport.Search;

/// <summary>
/// One searchable record (a contact, an account; later a deal, a ticket): what global search matches
/// and shows. Written only by database triggers (migration 0004 and each module's own), never by EF:
/// the entity is mapped so the schema test checks the table and the code can read it.
/// An exception to the (workspace_id, id) key rule: the key is an integer because SQLite's FTS5 index
/// refers to rows by integer rowid (a rowid alias survives VACUUM, a hidden rowid does not).
/// </summary>
public sealed class SearchDocument : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    /// <summary>The <see cref="ISearchSource.Type"/> of the record ("contact", "account").</summary>
    public string RecordType { get; set; } = "";
    public Guid RecordId { get; set; }
    /// <summary>Copied from the record, for record visibility.</summary>
    public Guid? OwnerId { get; set; }
    public string Title { get; set; } = "";
    public string? Subtitle { get; set; }
    /// <summary>Normalized words (names), space-separated with a space on each side: " john smith ".</summary>
    public string Words { get; set; } = "";
    /// <summary>E-mail addresses and domains, lower case: " john@acme.com acme.com ".</summary>
    public string Handles { get; set; } = "";
    /// <summary>Phone numbers as digits: " 14155550100 ".</summary>
    public string Phones { get; set; } = "";
}

/// <summary>A distinct word (4+ characters) of a workspace's documents: the vocabulary typo correction searches.</summary>
public sealed class SearchTerm : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public string Term { get; set; } = "";
    /// <summary>The term's last two characters (typo candidates are found by their first two or last two).</summary>
    public string Tail { get; set; } = "";
    /// <summary>How many of the workspace's documents hold the term (kept by the search_documents triggers); the term goes at 0.</summary>
    public int Documents { get; set; }
}

public sealed class SearchDocumentConfiguration : IEntityTypeConfiguration<SearchDocument>
{
    public void Configure(EntityTypeBuilder<SearchDocument> b)
    {
        b.ToTable("search_documents");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.RecordType).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.RecordId }).IsUnique();
    }
}

public sealed class SearchTermConfiguration : IEntityTypeConfiguration<SearchTerm>
{
    public void Configure(EntityTypeBuilder<SearchTerm> b)
    {
        b.ToTable("search_terms");
        b.HasKey(x => new { x.WorkspaceId, x.Term });
        b.HasIndex(x => new { x.WorkspaceId, x.Tail, x.Term });
    }
}
