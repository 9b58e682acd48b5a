using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Leads;

/// <summary>
/// A scoring rule. Fit: a field condition (<see cref="Field"/> <see cref="Operator"/> <see cref="Value"/>)
/// worth <see cref="Points"/> when it holds. Engagement: each lead event of <see cref="EventType"/> is
/// worth <see cref="Points"/>, halved every <see cref="LeadSettings.HalfLifeDays"/>.
/// </summary>
public sealed class ScoringRule : IWorkspaceOwned, IAudited, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>"fit" or "engagement".</summary>
    public string Kind { get; set; } = "";
    public string? Field { get; set; }
    public string? Operator { get; set; }
    /// <summary>The compared value; for "in", a comma-separated list.</summary>
    public string? Value { get; set; }
    public string? EventType { get; set; }
    public int Points { get; set; }
    /// <summary>How the explanation names it; generated from the condition when empty.</summary>
    public string? Label { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>The workspace's lead settings (one row, created on first write).</summary>
public sealed class LeadSettings : IWorkspaceOwned, IAudited, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id => WorkspaceId;
    /// <summary>Engagement points halve every this many days.</summary>
    public double HalfLifeDays { get; set; } = DefaultHalfLifeDays;
    public long Version { get; set; }
    public const double DefaultHalfLifeDays = 30;
}

/// <summary>
/// An assignment rule: when all its <see cref="Criteria"/> hold for an arriving lead, it picks the
/// owner by <see cref="Method"/>: roundRobin over <see cref="UserIds"/> (or the members of
/// <see cref="TeamId"/>), territory (<see cref="Territories"/>: country[/region] → user), or
/// leastLoaded (fewest open leads among the candidates). Rules are tried in <see cref="Position"/> order.
/// </summary>
public sealed class AssignmentRule : IWorkspaceOwned, IAudited, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public int Position { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>JSON <c>[{"field","operator","value"}]</c>, all must hold (none = every lead).</summary>
    public string Criteria { get; set; } = "[]";
    public string Method { get; set; } = AssignmentMethods.RoundRobin;
    /// <summary>JSON array of user ids (round robin, least loaded).</summary>
    public string UserIds { get; set; } = "[]";
    public Guid? TeamId { get; set; }
    /// <summary>JSON <c>[{"country","region","userId"}]</c>.</summary>
    public string Territories { get; set; } = "[]";
    /// <summary>Round-robin turns taken; advanced with a conditional UPDATE so two arrivals never take the same turn.</summary>
    [NotAudited] public long RoundRobinCounter { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

public static class AssignmentMethods
{
    public const string RoundRobin = "roundRobin", Territory = "territory", LeastLoaded = "leastLoaded";
    public static readonly string[] All = [RoundRobin, Territory, LeastLoaded];
}

public sealed class ScoringRuleConfiguration : IEntityTypeConfiguration<ScoringRule>
{
    public void Configure(EntityTypeBuilder<ScoringRule> b)
    {
        b.ToTable("lead_scoring_rules");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Kind).HasMaxLength(20).IsRequired();
        b.Property(x => x.Field).HasMaxLength(50);
        b.Property(x => x.Operator).HasMaxLength(20);
        b.Property(x => x.Value).HasMaxLength(500);
        b.Property(x => x.EventType).HasMaxLength(50);
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class LeadSettingsConfiguration : IEntityTypeConfiguration<LeadSettings>
{
    public void Configure(EntityTypeBuilder<LeadSettings> b)
    {
        b.ToTable("lead_settings");
        b.HasKey(x => x.WorkspaceId);
        b.Ignore(x => x.Id);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AssignmentRuleConfiguration : IEntityTypeConfiguration<AssignmentRule>
{
    public void Configure(EntityTypeBuilder<AssignmentRule> b)
    {
        b.ToTable("lead_assignment_rules");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.Criteria).IsJson();
        b.Property(x => x.Method).HasMaxLength(20).IsRequired();
        b.Property(x => x.UserIds).IsJson();
        b.Property(x => x.Territories).IsJson();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.Position });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Team>().WithMany().HasForeignKey(x => new { x.WorkspaceId, x.TeamId }).OnDelete(DeleteBehavior.Restrict);
    }
}
