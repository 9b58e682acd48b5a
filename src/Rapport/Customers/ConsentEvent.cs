using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers;

/// <summary>One line of the consent ledger: a channel granted or revoked, from where, when. Never updated.</summary>
public sealed class ConsentEvent : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ContactId { get; set; }
    /// <summary>email, sms, phone or mail.</summary>
    public string Channel { get; set; } = "";
    /// <summary>granted or revoked.</summary>
    public string Status { get; set; } = "";
    /// <summary>Where the consent came from ("web form", "import", "phone call", …).</summary>
    public string? Source { get; set; }
    /// <summary>When it was given or withdrawn.</summary>
    public DateTime At { get; set; }
    public Guid? RecordedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class ConsentChannels
{
    public static readonly string[] All = ["email", "sms", "phone", "mail"];
    public const string Granted = "granted", Revoked = "revoked", Unknown = "unknown";
}

public sealed class ConsentEventConfiguration : IEntityTypeConfiguration<ConsentEvent>
{
    public void Configure(EntityTypeBuilder<ConsentEvent> b)
    {
        b.ToTable("consent_events");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Channel).HasMaxLength(10).IsRequired();
        b.Property(x => x.Status).HasMaxLength(10).IsRequired();
        b.Property(x => x.Source).HasMaxLength(200);
        b.HasIndex(x => new { x.WorkspaceId, x.ContactId, x.At });
        b.HasOne<Contact>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.Cascade);
    }
}
