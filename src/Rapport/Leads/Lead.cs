using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Leads;

/// <summary>
/// A prospect not yet qualified: a person and their company in one row. Scored (fit + decayed
/// engagement, see <see cref="LeadScorer"/>), assigned by rules, and finally converted into a
/// contact (+ account) (+ deal), after which it keeps the links to what it became.
/// </summary>
public sealed class Lead : IWorkspaceOwned, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    /// <summary>Lower-cased.</summary>
    public string? Email { get; set; }
    /// <summary>E.164.</summary>
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public string? Title { get; set; }
    public string? Website { get; set; }
    /// <summary>Head count of the company (a number, so fit rules can compare it).</summary>
    public int? Employees { get; set; }
    public string? Industry { get; set; }
    /// <summary>ISO 3166-1 alpha-2, upper-case.</summary>
    public string? Country { get; set; }
    public string? Region { get; set; }
    public string? City { get; set; }
    public string? Source { get; set; }
    public string? Campaign { get; set; }
    public string Status { get; set; } = LeadStatuses.New;
    public string? DisqualifiedReason { get; set; }
    /// <summary>The score as last computed (for sorting and filtering); <c>GET …/score</c> recomputes it.</summary>
    public int Score { get; set; }
    public DateTime? ScoredAt { get; set; }
    public Guid? OwnerId { get; set; }
    /// <summary>The assignment rule that last set the owner (its name, as the audit log shows it); null when set by hand.</summary>
    public string? AssignedByRule { get; set; }
    /// <summary>JSON: consent given on a form, per channel, carried to the contact's ledger at conversion.</summary>
    public string Consent { get; set; } = "{}";
    /// <summary>JSON object keyed by the custom field's key (definitions with entity "lead"), stored normalized.</summary>
    public string CustomFields { get; set; } = "{}";
    public Guid? ConvertedContactId { get; set; }
    public Guid? ConvertedAccountId { get; set; }
    public Guid? ConvertedDealId { get; set; }
    public DateTime? ConvertedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public string FullName => $"{FirstName} {LastName}".Trim();
    public string DisplayName => FullName.Length > 0 ? FullName : Email ?? Company ?? "(no name)";
    public string TrashTitle => DisplayName;
    public bool IsOpen => Status is not (LeadStatuses.Converted or LeadStatuses.Disqualified);
}

public static class LeadStatuses
{
    public const string New = "new", Working = "working", Nurturing = "nurturing", Qualified = "qualified",
        Disqualified = "disqualified", Converted = "converted";
    public static readonly string[] All = [New, Working, Nurturing, Qualified, Disqualified, Converted];
    /// <summary>What a person may set by hand (converted comes only from converting).</summary>
    public static readonly string[] Settable = [New, Working, Nurturing, Qualified, Disqualified];
}

/// <summary>
/// Something that happened to a lead: engagement (formSubmitted, emailOpened, webVisit, … — what
/// scoring rules give points for) and bookkeeping lines for its timeline (assigned, converted).
/// After conversion <see cref="ContactId"/> is set, so the lead's history shows on the contact.
/// </summary>
public sealed class LeadEvent : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LeadId { get; set; }
    public Guid? ContactId { get; set; }
    public string Type { get; set; } = "";
    /// <summary>A human line for the timeline ("assigned to Ana by rule 'EU web leads'").</summary>
    public string? Detail { get; set; }
    public DateTime OccurredAt { get; set; }
    public Guid? ActorUserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class LeadEventTypes
{
    public const string FormSubmitted = "formSubmitted", EmailOpened = "emailOpened", EmailClicked = "emailClicked", WebVisit = "webVisit",
        Assigned = "assigned", Converted = "converted";
    /// <summary>Bookkeeping types, not engagement: not accepted from the API, never scored.</summary>
    public static readonly string[] System = [Assigned, Converted];
}

/// <summary>Score history: one row each time the stored score changes, with why.</summary>
public sealed class LeadScoreChange : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LeadId { get; set; }
    public int OldScore { get; set; }
    public int NewScore { get; set; }
    public string Reason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.ToTable("leads");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.FullName);
        b.Ignore(x => x.DisplayName);
        b.Ignore(x => x.TrashTitle);
        b.Ignore(x => x.IsOpen);
        b.Property(x => x.FirstName).HasMaxLength(100).IsRequired();
        b.Property(x => x.LastName).HasMaxLength(100).IsRequired();
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Company).HasMaxLength(200);
        b.Property(x => x.Title).HasMaxLength(150);
        b.Property(x => x.Website).HasMaxLength(300);
        b.Property(x => x.Industry).HasMaxLength(100);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Region).HasMaxLength(100);
        b.Property(x => x.City).HasMaxLength(100);
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.Campaign).HasMaxLength(200);
        b.Property(x => x.Status).HasMaxLength(20).IsRequired();
        b.Property(x => x.DisqualifiedReason).HasMaxLength(500);
        b.Property(x => x.AssignedByRule).HasMaxLength(200);
        b.Property(x => x.Consent).IsJson();
        b.Property(x => x.CustomFields).IsJson();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.Email });
        b.HasIndex(x => new { x.WorkspaceId, x.Status, x.Score });
        b.HasIndex(x => new { x.WorkspaceId, x.OwnerId, x.Status });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class LeadEventConfiguration : IEntityTypeConfiguration<LeadEvent>
{
    public void Configure(EntityTypeBuilder<LeadEvent> b)
    {
        b.ToTable("lead_events");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Type).HasMaxLength(50).IsRequired();
        b.Property(x => x.Detail).HasMaxLength(500);
        b.HasIndex(x => new { x.WorkspaceId, x.LeadId, x.OccurredAt });
        b.HasIndex(x => new { x.WorkspaceId, x.ContactId, x.OccurredAt });
        b.HasOne<Lead>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.LeadId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customers.Contact>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LeadScoreChangeConfiguration : IEntityTypeConfiguration<LeadScoreChange>
{
    public void Configure(EntityTypeBuilder<LeadScoreChange> b)
    {
        b.ToTable("lead_score_changes");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Reason).HasMaxLength(200).IsRequired();
        b.HasIndex(x => new { x.WorkspaceId, x.LeadId, x.CreatedAt });
        b.HasOne<Lead>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.LeadId }).OnDelete(DeleteBehavior.Cascade);
    }
}
