using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Customers;

/// <summary>A company, household or foundation.</summary>
public sealed class Account : IWorkspaceOwned, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    /// <summary>Lower-cased, without scheme or "www.".</summary>
    public string? Domain { get; set; }
    public string? Industry { get; set; }
    /// <summary>Head-count band: one of <see cref="AccountSizes.All"/>.</summary>
    public string? Size { get; set; }
    /// <summary>In the workspace's base currency.</summary>
    public decimal? AnnualRevenue { get; set; }
    public string? Phone { get; set; }
    /// <summary>JSON <c>[{"label","street","city","postcode","region","country"}]</c>.</summary>
    public string Addresses { get; set; } = "[]";
    public Guid? ParentAccountId { get; set; }
    public Guid? OwnerId { get; set; }
    public string CustomFields { get; set; } = "{}";
    public string? ExternalId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public List<AccountTag> Tags { get; set; } = [];

    public string TrashTitle => Name;
}

public static class AccountSizes
{
    public static readonly string[] All = ["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5001+"];
}

public sealed class AccountTag : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid AccountId { get; set; }
    public string Tag { get; set; } = "";
}

public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("accounts");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.Domain).HasMaxLength(253);
        b.Property(x => x.Industry).HasMaxLength(100);
        b.Property(x => x.Size).HasMaxLength(20);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Addresses).IsJson();
        b.Property(x => x.CustomFields).IsJson();
        b.Property(x => x.ExternalId).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.Name });
        b.HasIndex(x => new { x.WorkspaceId, x.Domain });
        b.HasIndex(x => new { x.WorkspaceId, x.ExternalId });
        b.HasIndex(x => new { x.WorkspaceId, x.OwnerId });
        b.HasIndex(x => new { x.WorkspaceId, x.ParentAccountId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ParentAccountId }).OnDelete(DeleteBehavior.ClientSetNull);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => new { x.WorkspaceId, x.AccountId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AccountTagConfiguration : IEntityTypeConfiguration<AccountTag>
{
    public void Configure(EntityTypeBuilder<AccountTag> b)
    {
        b.ToTable("account_tags");
        b.HasKey(x => new { x.WorkspaceId, x.AccountId, x.Tag });
        b.Property(x => x.Tag).HasMaxLength(50).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.Tag, x.AccountId });
    }
}
