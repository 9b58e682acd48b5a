using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Customers;

/// <summary>
/// A person. The primary e-mail and phone are kept in their own columns (indexed: duplicates,
/// search, lookups); all addresses, numbers and handles live in JSON columns as the API shows them.
/// </summary>
public sealed class Contact : IWorkspaceOwned, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    /// <summary>The primary e-mail, lower-cased.</summary>
    public string? Email { get; set; }
    /// <summary>The primary phone in E.164.</summary>
    public string? Phone { get; set; }
    /// <summary>JSON <c>[{"address","label","primary"}]</c>.</summary>
    public string Emails { get; set; } = "[]";
    /// <summary>JSON <c>[{"number","label","primary"}]</c>.</summary>
    public string Phones { get; set; } = "[]";
    /// <summary>JSON <c>[{"label","street","city","postcode","region","country"}]</c>.</summary>
    public string Addresses { get; set; } = "[]";
    public DateOnly? BirthDate { get; set; }
    public string? JobTitle { get; set; }
    /// <summary>JSON object, network → handle (<c>{"linkedin":"…","x":"…"}</c>).</summary>
    public string Social { get; set; } = "{}";
    public Guid? OwnerId { get; set; }
    public string? Source { get; set; }
    public string LifecycleStage { get; set; } = LifecycleStages.Awareness;
    /// <summary>JSON object keyed by custom field key.</summary>
    public string CustomFields { get; set; } = "{}";
    /// <summary>JSON: the current state per channel, derived from the consent ledger (<see cref="ConsentEvent"/>).</summary>
    public string Consent { get; set; } = "{}";
    public string? ExternalId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    /// <summary>Set when the person was erased (anonymized) on request.</summary>
    public DateTime? ErasedAt { get; set; }
    public long Version { get; set; }

    public List<ContactTag> Tags { get; set; } = [];
    public List<ContactAccount> Accounts { get; set; } = [];

    public string FullName => $"{FirstName} {LastName}".Trim();
    public string TrashTitle => FullName.Length > 0 ? FullName : Email ?? "(no name)";
}

public static class LifecycleStages
{
    public const string Awareness = "awareness";
    public const string Consideration = "consideration";
    public const string Purchase = "purchase";
    public const string Retention = "retention";
    public const string Advocacy = "advocacy";
    public static readonly string[] All = [Awareness, Consideration, Purchase, Retention, Advocacy];
}

/// <summary>A tag on a contact: its own table so "?tag=a&amp;tag=b" is an indexed lookup.</summary>
public sealed class ContactTag : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid ContactId { get; set; }
    public string Tag { get; set; } = "";
}

/// <summary>A contact's place in an account: role and title.</summary>
public sealed class ContactAccount : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid ContactId { get; set; }
    public Guid AccountId { get; set; }
    public string Role { get; set; } = AccountRoles.Other;
    public string? Title { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class AccountRoles
{
    public static readonly string[] All = ["decisionMaker", "influencer", "billing", "donor", "volunteer", "other"];
    public const string Other = "other";
}

public sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.ToTable("contacts");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.FullName);
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.FirstName).HasMaxLength(100).IsRequired();
        b.Property(x => x.LastName).HasMaxLength(100).IsRequired();
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Emails).IsJson();
        b.Property(x => x.Phones).IsJson();
        b.Property(x => x.Addresses).IsJson();
        b.Property(x => x.Social).IsJson();
        b.Property(x => x.CustomFields).IsJson();
        b.Property(x => x.Consent).IsJson();
        b.Property(x => x.JobTitle).HasMaxLength(150);
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.LifecycleStage).HasMaxLength(20).IsRequired();
        b.Property(x => x.ExternalId).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.Email });
        b.HasIndex(x => new { x.WorkspaceId, x.Phone });
        b.HasIndex(x => new { x.WorkspaceId, x.ExternalId });
        b.HasIndex(x => new { x.WorkspaceId, x.LastName, x.FirstName });
        // "My contacts by name" (and any owner filter) walks this index in order and stops after a page.
        b.HasIndex(x => new { x.WorkspaceId, x.OwnerId, x.LastName, x.FirstName });
        b.HasIndex(x => new { x.WorkspaceId, x.LifecycleStage });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Accounts).WithOne().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ContactTagConfiguration : IEntityTypeConfiguration<ContactTag>
{
    public void Configure(EntityTypeBuilder<ContactTag> b)
    {
        b.ToTable("contact_tags");
        b.HasKey(x => new { x.WorkspaceId, x.ContactId, x.Tag });
        b.Property(x => x.Tag).HasMaxLength(50).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.Tag, x.ContactId });
    }
}

public sealed class ContactAccountConfiguration : IEntityTypeConfiguration<ContactAccount>
{
    public void Configure(EntityTypeBuilder<ContactAccount> b)
    {
        b.ToTable("contact_accounts");
        b.HasKey(x => new { x.WorkspaceId, x.ContactId, x.AccountId });
        b.Property(x => x.Role).HasMaxLength(20).IsRequired();
        b.Property(x => x.Title).HasMaxLength(150);
        b.HasIndex(x => new { x.WorkspaceId, x.AccountId });
        b.HasOne<Account>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.AccountId }).OnDelete(DeleteBehavior.Cascade);
    }
}
