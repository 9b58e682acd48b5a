using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Duplicates;

/// <summary>A set of records the last scan thinks are one person (or company): the review queue's item.</summary>
public sealed class DuplicateGroup : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Entity { get; set; } = "";
    public Guid ScanId { get; set; }
    /// <summary>0–1: the best pair's score.</summary>
    public double Score { get; set; }
    /// <summary>JSON array of reason codes (<see cref="DuplicateReasons"/>).</summary>
    public string Reasons { get; set; } = "[]";
    public DateTime CreatedAt { get; set; }
    public List<DuplicateGroupMember> Members { get; set; } = [];
}

/// <summary>A record in a group; its own table so a record's groups are an index lookup.</summary>
public sealed class DuplicateGroupMember : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid GroupId { get; set; }
    public Guid RecordId { get; set; }
}

/// <summary>"These two are not duplicates": remembered so no later scan pairs them again.</summary>
public sealed class DuplicateDismissal : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    /// <summary>The smaller id of the pair.</summary>
    public Guid RecordA { get; set; }
    public Guid RecordB { get; set; }
    public string Entity { get; set; } = "";
    public Guid? DismissedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }

    public static (Guid A, Guid B) Order(Guid x, Guid y) => x.CompareTo(y) < 0 ? (x, y) : (y, x);
}

public static class DuplicateReasons
{
    public const string SameEmail = "sameEmail", SamePhone = "samePhone", SameDomain = "sameDomain";
    public const string SimilarNameSameCompany = "similarNameSameCompany", SimilarNameSameAddress = "similarNameSameAddress",
        SimilarNameSameBirthDate = "similarNameSameBirthDate", SimilarNameSameCity = "similarNameSameCity";

    public static List<string> Codes(Reason r)
    {
        var codes = new List<string>();
        if (r.HasFlag(Reason.SameEmail)) codes.Add(SameEmail);
        if (r.HasFlag(Reason.SameDomain)) codes.Add(SameDomain);
        if (r.HasFlag(Reason.SamePhone)) codes.Add(SamePhone);
        if (r.HasFlag(Reason.SimilarNameSameCompany)) codes.Add(SimilarNameSameCompany);
        if (r.HasFlag(Reason.SimilarNameSameAddress)) codes.Add(SimilarNameSameAddress);
        if (r.HasFlag(Reason.SimilarNameSameBirthDate)) codes.Add(SimilarNameSameBirthDate);
        if (r.HasFlag(Reason.SimilarNameSameCity)) codes.Add(SimilarNameSameCity);
        return codes;
    }

    /// <summary>What the review queue shows for each code.</summary>
    public static string Label(string code) => code switch
    {
        SameEmail => "Same e-mail",
        SamePhone => "Same phone",
        SameDomain => "Same domain",
        SimilarNameSameCompany => "Similar name, same company",
        SimilarNameSameAddress => "Similar name, same address",
        SimilarNameSameBirthDate => "Similar name, same birth date",
        SimilarNameSameCity => "Similar name, same city",
        _ => code,
    };
}

public sealed class DuplicateGroupConfiguration : IEntityTypeConfiguration<DuplicateGroup>
{
    public void Configure(EntityTypeBuilder<DuplicateGroup> b)
    {
        b.ToTable("duplicate_groups");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Entity).HasMaxLength(20).IsRequired();
        b.Property(x => x.Reasons).IsJson();
        // The queue: best score first, by entity.
        b.HasIndex(x => new { x.WorkspaceId, x.Entity, x.Score });
        b.HasMany(x => x.Members).WithOne().HasForeignKey(x => new { x.WorkspaceId, x.GroupId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DuplicateGroupMemberConfiguration : IEntityTypeConfiguration<DuplicateGroupMember>
{
    public void Configure(EntityTypeBuilder<DuplicateGroupMember> b)
    {
        b.ToTable("duplicate_group_members");
        b.HasKey(x => new { x.WorkspaceId, x.GroupId, x.RecordId });
        b.HasIndex(x => new { x.WorkspaceId, x.RecordId });
    }
}

public sealed class DuplicateDismissalConfiguration : IEntityTypeConfiguration<DuplicateDismissal>
{
    public void Configure(EntityTypeBuilder<DuplicateDismissal> b)
    {
        b.ToTable("duplicate_dismissals");
        b.HasKey(x => new { x.WorkspaceId, x.RecordA, x.RecordB });
        b.Property(x => x.Entity).HasMaxLength(20).IsRequired();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
