using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Leads;

/// <summary>
/// A web-to-lead form: its fields (lead fields, with labels and required flags), an optional consent
/// checkbox, what follows a submission (a thank-you message or a redirect) and the origins allowed to
/// post it from their pages (CORS). Public by its id: <c>/f/{id}</c> and
/// <c>POST /api/v1/forms/{id}/submissions</c> find it through a global unique index on <c>id</c>.
/// </summary>
public sealed class WebForm : IWorkspaceOwned, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    /// <summary>JSON <c>[{"key","label","type","required"}]</c>.</summary>
    public string Fields { get; set; } = "[]";
    /// <summary>The consent checkbox's text; null = no checkbox.</summary>
    public string? ConsentText { get; set; }
    public string? ThankYouMessage { get; set; }
    public string? RedirectUrl { get; set; }
    /// <summary>JSON array of origins (<c>https://www.example.com</c>) whose pages may post the form.</summary>
    public string AllowedOrigins { get; set; } = "[]";
    /// <summary>The lead source given to leads from this form.</summary>
    public string Source { get; set; } = "webForm";
    public string? Campaign { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public string TrashTitle => $"{Name} (web form)";
}

/// <summary>
/// One submission as received (the values keyed by field key), linked to the lead it created or
/// updated, or to the known contact it was logged on. Shown on that record's timeline.
/// </summary>
public sealed class FormSubmission : IWorkspaceOwned, IHasCreatedAt
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FormId { get; set; }
    public Guid? LeadId { get; set; }
    public Guid? ContactId { get; set; }
    /// <summary>JSON object: field key → submitted text.</summary>
    public string Data { get; set; } = "{}";
    public bool ConsentGiven { get; set; }
    /// <summary>What happened: "createdLead", "updatedLead" (a known lead) or "loggedOnContact" (a known contact).</summary>
    public string Outcome { get; set; } = "";
    public string? Origin { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class WebFormConfiguration : IEntityTypeConfiguration<WebForm>
{
    public void Configure(EntityTypeBuilder<WebForm> b)
    {
        b.ToTable("web_forms");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.Fields).IsJson();
        b.Property(x => x.ConsentText).HasMaxLength(1000);
        b.Property(x => x.ThankYouMessage).HasMaxLength(2000);
        b.Property(x => x.RedirectUrl).HasMaxLength(2000);
        b.Property(x => x.AllowedOrigins).IsJson();
        b.Property(x => x.Source).HasMaxLength(100).IsRequired();
        b.Property(x => x.Campaign).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        // The public door finds a form by its id before it knows the workspace.
        b.HasIndex(x => x.Id).IsUnique();
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class FormSubmissionConfiguration : IEntityTypeConfiguration<FormSubmission>
{
    public void Configure(EntityTypeBuilder<FormSubmission> b)
    {
        b.ToTable("form_submissions");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Data).IsJson();
        b.Property(x => x.Outcome).HasMaxLength(30).IsRequired();
        b.Property(x => x.Origin).HasMaxLength(300);
        b.HasIndex(x => new { x.WorkspaceId, x.FormId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.LeadId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.ContactId, x.CreatedAt });
        b.HasOne<WebForm>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.FormId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Lead>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.LeadId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customers.Contact>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.ContactId }).OnDelete(DeleteBehavior.Cascade);
    }
}
