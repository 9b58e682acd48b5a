using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Data;

namespace Rapport.Platform.Outbox;

/// <summary>
/// A domain event saved in the same transaction as the change that raised it; the dispatcher
/// delivers it to every registered handler at least once. Its id is the idempotency key.
/// </summary>
public sealed class OutboxMessage : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    /// <summary>Event type, e.g. "team.created".</summary>
    public string Type { get; set; } = "";
    /// <summary>JSON payload.</summary>
    public string Payload { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>A lease: the instance that claimed the message works on it until then.</summary>
    public DateTime? LockedUntil { get; set; }
    public DateTime? ProcessedAt { get; set; }
    /// <summary>Set when retries are exhausted; the message stays for inspection.</summary>
    public DateTime? FailedAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>That a handler has handled a message: a redelivery skips it, so handlers run once per message.</summary>
public sealed class OutboxDelivery : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid MessageId { get; set; }
    public string Handler { get; set; } = "";
    public DateTime DeliveredAt { get; set; }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Type).HasMaxLength(100).IsRequired();
        b.Property(x => x.Payload).IsRequired();
        // The dispatcher's scan: pending messages due now, across workspaces.
        b.HasIndex(x => new { x.ProcessedAt, x.FailedAt, x.NextAttemptAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class OutboxDeliveryConfiguration : IEntityTypeConfiguration<OutboxDelivery>
{
    public void Configure(EntityTypeBuilder<OutboxDelivery> b)
    {
        b.ToTable("outbox_deliveries");
        b.HasKey(x => new { x.WorkspaceId, x.MessageId, x.Handler });
        b.Property(x => x.Handler).HasMaxLength(200).IsRequired();
        b.HasOne<OutboxMessage>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.MessageId }).OnDelete(DeleteBehavior.Cascade);
    }
}
