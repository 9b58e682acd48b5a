using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Activities;

/// <summary>A note on a contact or an account; Markdown (raw HTML is never rendered); @mentions notify users.</summary>
public sealed class Note : IWorkspaceOwned, ILinkedToCustomer, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? ContactId { get; set; }
    public Guid? AccountId { get; set; }
    public string Body { get; set; } = "";
    /// <summary>JSON array of the mentioned users' ids.</summary>
    public string Mentions { get; set; } = "[]";
    public Guid? AuthorUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public string TrashTitle => Body.Length <= 60 ? $"Note: {Body}" : $"Note: {Body[..60]}…";
}

public sealed class NoteConfiguration : IEntityTypeConfiguration<Note>
{
    public void Configure(EntityTypeBuilder<Note> b)
    {
        b.ToTable("notes");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.Body).HasMaxLength(20000).IsRequired();
        b.Property(x => x.Mentions).IsJson();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.ContactId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.AccountId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.ClientSetNull);
        b.HasOne<Account>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.AccountId }).OnDelete(DeleteBehavior.ClientSetNull);
    }
}
