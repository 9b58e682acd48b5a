using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform;

/// <summary>A tenant: every tenant-owned row carries its id. Settings here drive later modules (money, dates, phones).</summary>
public sealed class Workspace : IAudited, IVersioned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    /// <summary>ISO 3166-1 alpha-2, used to normalize phone numbers.</summary>
    public string DefaultCountry { get; set; } = "US";
    /// <summary>IANA time zone id.</summary>
    public string TimeZone { get; set; } = "UTC";
    public string Locale { get; set; } = "en-US";
    /// <summary>ISO 4217.</summary>
    public string BaseCurrency { get; set; } = "USD";
    /// <summary>1 = January.</summary>
    public int FiscalYearStartMonth { get; set; } = 1;
    /// <summary>JSON object role → "own" | "team" | "all": which records each role sees (missing roles take the defaults).</summary>
    public string RecordVisibility { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }

    public Guid WorkspaceId => Id;
}

public sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> b)
    {
        b.ToTable("workspaces");
        b.HasKey(x => x.Id);
        b.Ignore(x => x.WorkspaceId);
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.DefaultCountry).HasMaxLength(2).IsRequired();
        b.Property(x => x.TimeZone).HasMaxLength(64).IsRequired();
        b.Property(x => x.Locale).HasMaxLength(35).IsRequired();
        b.Property(x => x.BaseCurrency).HasMaxLength(3).IsRequired();
        b.Property(x => x.RecordVisibility).IsJson();
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
