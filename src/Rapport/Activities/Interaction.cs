using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Activities;

/// <summary>A touch point on any channel: an e-mail, call, meeting, chat, SMS, … with a contact and/or an account.</summary>
public sealed class Interaction : IWorkspaceOwned, ILinkedToCustomer, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? ContactId { get; set; }
    public Guid? AccountId { get; set; }
    /// <summary>One of <see cref="InteractionChannels.All"/>.</summary>
    public string Channel { get; set; } = "";
    /// <summary>inbound or outbound.</summary>
    public string Direction { get; set; } = "";
    public DateTime OccurredAt { get; set; }
    public int? DurationSeconds { get; set; }
    public string Subject { get; set; } = "";
    public string? Body { get; set; }
    public string? Outcome { get; set; }
    /// <summary>JSON <c>[{"userId"|"contactId"|"name"|"email"}]</c>: who else took part.</summary>
    public string Participants { get; set; } = "[]";
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public string TrashTitle => Subject.Length > 0 ? Subject : $"{Channel} interaction";
}

public static class InteractionChannels
{
    public static readonly string[] All = ["email", "call", "meeting", "chat", "sms", "social", "webVisit", "directMail", "inPerson"];
    public static readonly string[] Directions = ["inbound", "outbound"];
}

public sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> b)
    {
        b.ToTable("interactions");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.Channel).HasMaxLength(20).IsRequired();
        b.Property(x => x.Direction).HasMaxLength(10).IsRequired();
        b.Property(x => x.Subject).HasMaxLength(300).IsRequired();
        b.Property(x => x.Outcome).HasMaxLength(200);
        b.Property(x => x.Participants).IsJson();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.ContactId, x.OccurredAt });
        b.HasIndex(x => new { x.WorkspaceId, x.AccountId, x.OccurredAt });
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.ClientSetNull);
        b.HasOne<Account>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.AccountId }).OnDelete(DeleteBehavior.ClientSetNull);
    }
}
