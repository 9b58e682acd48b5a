using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rapport.Activities;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Platform;
using Rapport.Platform.Audit;
using Rapport.Platform.Outbox;
using Rapport.Platform.Trash;
using Rapport.Records;

namespace Rapport.Data;

/// <summary>
/// The one DbContext, and the repository (no IRepository over it). It scopes every query to the
/// current workspace, refuses to save another workspace's row, turns deletes of soft-deletable
/// entities into trash entries, bumps versions (ETags) and writes the audit log — all inside the
/// same SaveChanges, so a change and its audit entry and outbox events commit together.
/// </summary>
public sealed class RapportDb(DbContextOptions<RapportDb> options) : DbContext(options)
{
    // Contexts are pooled (RapportServices): each lease gets the scope's request context and clock.
    // Until then it sees nothing, like a request without a workspace.
    private RequestContext request = new();
    private TimeProvider clock = TimeProvider.System;

    internal RapportDb Attach(RequestContext requestContext, TimeProvider timeProvider)
    {
        request = requestContext;
        clock = timeProvider;
        _purging.Clear();
        return this;
    }

    public const string WorkspaceFilter = "Workspace";
    public const string SoftDeleteFilter = "SoftDelete";

    private readonly HashSet<object> _purging = new(ReferenceEqualityComparer.Instance);

    public RequestContext Request => request;
    public TimeProvider Clock => clock;
    /// <summary>The clock's UTC time at microsecond precision (what PostgreSQL stores), so a value read back equals the one written.</summary>
    public DateTime Now
    {
        get
        {
            var t = clock.GetUtcNow().UtcDateTime;
            return new DateTime(t.Ticks - t.Ticks % 10, DateTimeKind.Utc);
        }
    }

    /// <summary>Read by the query filters on every query (EF parameterizes it per context instance).</summary>
    private Guid CurrentWorkspaceId => request.WorkspaceId;

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<PasswordReset> PasswordResets => Set<PasswordReset>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<TrashEntry> Trash => Set<TrashEntry>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OutboxDelivery> OutboxDeliveries => Set<OutboxDelivery>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactTag> ContactTags => Set<ContactTag>();
    public DbSet<ContactAccount> ContactAccounts => Set<ContactAccount>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountTag> AccountTags => Set<AccountTag>();
    public DbSet<CustomFieldDefinition> CustomFieldDefinitions => Set<CustomFieldDefinition>();
    public DbSet<ConsentEvent> ConsentEvents => Set<ConsentEvent>();
    public DbSet<LifecycleStageChange> LifecycleStageChanges => Set<LifecycleStageChange>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<CrmTask> Tasks => Set<CrmTask>();
    public DbSet<ActivityTarget> ActivityTargets => Set<ActivityTarget>();
    public DbSet<Notification> Notifications => Set<Notification>();

    // Leads (issue #5): leads, web forms and submissions, scoring, assignment.
    public DbSet<Leads.Lead> Leads => Set<Leads.Lead>();
    public DbSet<Leads.LeadEvent> LeadEvents => Set<Leads.LeadEvent>();
    public DbSet<Leads.LeadScoreChange> LeadScoreChanges => Set<Leads.LeadScoreChange>();
    public DbSet<Leads.WebForm> WebForms => Set<Leads.WebForm>();
    public DbSet<Leads.FormSubmission> FormSubmissions => Set<Leads.FormSubmission>();
    public DbSet<Leads.ScoringRule> ScoringRules => Set<Leads.ScoringRule>();
    public DbSet<Leads.LeadSettings> LeadSettings => Set<Leads.LeadSettings>();
    public DbSet<Leads.AssignmentRule> AssignmentRules => Set<Leads.AssignmentRule>();

    // Sales (issue #5): pipelines, products, deals, follow-up rules, currencies.
    public DbSet<Sales.Pipeline> Pipelines => Set<Sales.Pipeline>();
    public DbSet<Sales.PipelineStage> PipelineStages => Set<Sales.PipelineStage>();
    public DbSet<Sales.Product> Products => Set<Sales.Product>();
    public DbSet<Sales.Deal> Deals => Set<Sales.Deal>();
    public DbSet<Sales.DealContact> DealContacts => Set<Sales.DealContact>();
    public DbSet<Sales.DealLineItem> DealLineItems => Set<Sales.DealLineItem>();
    public DbSet<Sales.DealStageVisit> DealStageHistory => Set<Sales.DealStageVisit>();
    public DbSet<Sales.LostReason> LostReasons => Set<Sales.LostReason>();
    public DbSet<Sales.StageRule> StageRules => Set<Sales.StageRule>();
    public DbSet<Sales.ExchangeRate> ExchangeRates => Set<Sales.ExchangeRate>();
    // Imports (issue #4): jobs, row errors, the change log undo reads.
    public DbSet<Imports.ImportJob> Imports => Set<Imports.ImportJob>();
    public DbSet<Imports.ImportError> ImportErrors => Set<Imports.ImportError>();
    public DbSet<Imports.ImportChange> ImportChanges => Set<Imports.ImportChange>();
    // Duplicates (issue #4): scans, the review queue, dismissed pairs, merges.
    public DbSet<Duplicates.DuplicateScan> DuplicateScans => Set<Duplicates.DuplicateScan>();
    public DbSet<Duplicates.DuplicateGroup> DuplicateGroups => Set<Duplicates.DuplicateGroup>();
    public DbSet<Duplicates.DuplicateGroupMember> DuplicateGroupMembers => Set<Duplicates.DuplicateGroupMember>();
    public DbSet<Duplicates.DuplicateDismissal> DuplicateDismissals => Set<Duplicates.DuplicateDismissal>();
    public DbSet<Duplicates.MergeRecord> Merges => Set<Duplicates.MergeRecord>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>
    /// Records a domain event in the outbox under its wire name (<see cref="IEvent.EventName"/>); it
    /// commits with the next SaveChanges. The payload is the record's JSON (docs/events.md).
    /// </summary>
    public OutboxMessage Publish<T>(T payload) where T : IEvent
    {
        var message = new OutboxMessage
        {
            WorkspaceId = request.WorkspaceId,
            Type = T.EventName,
            Payload = JsonSerializer.Serialize(payload, JsonDefaults.Options),
            CreatedAt = Now,
            NextAttemptAt = Now,
        };
        OutboxMessages.Add(message);
        return message;
    }

    /// <summary>Deletes a soft-deletable row for good (trash purge) instead of moving it to the trash.</summary>
    public void Purge(object entity)
    {
        _purging.Add(entity);
        Remove(entity);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        b.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        b.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // 16-byte big-endian blobs: a third smaller than text, and byte order = UUIDv7 time order.
            b.Properties<Guid>().HaveConversion<BigEndianGuidConverter>();
            b.Properties<Guid?>().HaveConversion<BigEndianGuidConverter>();
            // SQLite has no decimal: EF stores it as TEXT, which sorts and compares as text. REAL sorts
            // and compares as numbers; money amounts stay exact to the cent up to 10^13.
            b.Properties<decimal>().HaveConversion<double>();
            b.Properties<decimal?>().HaveConversion<double?>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RapportDb).Assembly);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var clr = entity.ClrType;
            if (typeof(IWorkspaceOwned).IsAssignableFrom(clr) || typeof(ISoftDeletable).IsAssignableFrom(clr))
                ApplyFiltersMethod.MakeGenericMethod(clr).Invoke(this, [modelBuilder]);
        }
        Naming.Apply(modelBuilder.Model);
        JsonColumns.Apply(modelBuilder.Model, IsSqlite);
        JsonFunctions.Register(modelBuilder, IsSqlite, this.GetService<IRelationalTypeMappingSource>());
    }

    private static readonly MethodInfo ApplyFiltersMethod =
        typeof(RapportDb).GetMethod(nameof(ApplyFilters), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private void ApplyFilters<T>(ModelBuilder modelBuilder) where T : class
    {
        var e = modelBuilder.Entity<T>();
        if (typeof(IWorkspaceOwned).IsAssignableFrom(typeof(T)))
            e.HasQueryFilter(WorkspaceFilter, BuildWorkspaceFilter<T>());
        if (typeof(ISoftDeletable).IsAssignableFrom(typeof(T)))
        {
            var p = Expression.Parameter(typeof(T), "x");
            var body = Expression.Equal(
                Expression.Property(p, nameof(ISoftDeletable.DeletedAt)),
                Expression.Constant(null, typeof(DateTime?)));
            e.HasQueryFilter(SoftDeleteFilter, Expression.Lambda<Func<T, bool>>(body, p));
        }
    }

    private Expression<Func<T, bool>> BuildWorkspaceFilter<T>()
    {
        var p = Expression.Parameter(typeof(T), "x");
        var body = Expression.Equal(
            Expression.Property(p, nameof(IWorkspaceOwned.WorkspaceId)),
            Expression.Property(Expression.Constant(this), nameof(CurrentWorkspaceId)));
        return Expression.Lambda<Func<T, bool>>(body, p);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BeforeSave()
    {
        ChangeTracker.DetectChanges();
        RefuseNulCharacters();
        var now = Now;
        var audits = new List<AuditEntry>();
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            GuardWorkspace(entry);

            if (entry.State == EntityState.Deleted && entry.Entity is ISoftDeletable soft && !_purging.Contains(entry.Entity))
            {
                entry.State = EntityState.Modified;
                soft.DeletedAt = now;
                Trash.Add(new TrashEntry
                {
                    WorkspaceId = ((IWorkspaceOwned)entry.Entity).WorkspaceId,
                    EntityType = EntityTypeName(entry.Metadata),
                    EntityId = soft.Id,
                    Title = Truncate(soft.TrashTitle, 300),
                    CreatedAt = now,
                    DeletedByUserId = request.UserId,
                    DeletedByApiKeyId = request.ApiKeyId,
                });
            }

            if (entry.State == EntityState.Modified && entry.Entity is IVersioned versioned)
                versioned.Version++;

            if (entry.Entity is IAudited audited)
            {
                var audit = BuildAudit(entry, audited, now);
                if (audit is not null) audits.Add(audit);
            }
        }
        AuditLog.AddRange(audits);
        _purging.Clear();
    }

    /// <summary>
    /// PostgreSQL cannot store U+0000 in text (the write fails), SQLite can: refuse it on every write,
    /// from any door (API, UI, CLI), as a 400 naming the field, so both engines behave alike.
    /// </summary>
    private void RefuseNulCharacters()
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var p in entry.Properties)
                if (p.CurrentValue is string text && text.Contains('\0') && (entry.State == EntityState.Added || p.IsModified))
                    (errors ??= [])[Naming.CamelCase(p.Metadata.Name)] = ["Must not contain the NUL character (U+0000)."];
        }
        if (errors is not null) throw new ValidationFailedException(errors);
    }

    private void GuardWorkspace(EntityEntry entry)
    {
        if (entry.Entity is not IWorkspaceOwned owned) return;
        if (owned.WorkspaceId != request.WorkspaceId || owned.WorkspaceId == Guid.Empty)
            throw new InvalidOperationException(
                $"Refusing to save a {entry.Metadata.ClrType.Name} of workspace {owned.WorkspaceId} " +
                $"in the context of workspace {request.WorkspaceId}.");
    }

    private AuditEntry? BuildAudit(EntityEntry entry, IAudited audited, DateTime now)
    {
        string action;
        var changes = new Dictionary<string, object?>();
        var props = entry.Properties.Where(p => IsAuditable(p.Metadata)).ToList();
        switch (entry.State)
        {
            case EntityState.Added:
                action = AuditActions.Created;
                foreach (var p in props) changes[Naming.CamelCase(p.Metadata.Name)] = new { old = (object?)null, @new = p.CurrentValue };
                break;
            case EntityState.Deleted:
                action = _purging.Contains(entry.Entity) ? AuditActions.Purged : AuditActions.Deleted;
                break;
            case EntityState.Modified:
                var deletedAt = entry.Entity is ISoftDeletable ? entry.Property(nameof(ISoftDeletable.DeletedAt)) : null;
                if (deletedAt is not null && deletedAt.IsModified && deletedAt.OriginalValue is null)
                    action = AuditActions.Deleted;
                else if (deletedAt is not null && deletedAt.IsModified && deletedAt.CurrentValue is null)
                    action = AuditActions.Restored;
                else
                    action = AuditActions.Updated;
                foreach (var p in props.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
                    changes[Naming.CamelCase(p.Metadata.Name)] = new { old = p.OriginalValue, @new = p.CurrentValue };
                if (action == AuditActions.Updated && changes.Count == 0) return null;
                break;
            default:
                return null;
        }
        var workspaceId = entry.Entity switch
        {
            IWorkspaceOwned o => o.WorkspaceId,
            Workspace w => w.Id,
            _ => request.WorkspaceId,
        };
        return new AuditEntry
        {
            WorkspaceId = workspaceId,
            CreatedAt = now,
            ActorUserId = request.UserId,
            ActorApiKeyId = request.ApiKeyId,
            Action = action,
            EntityType = EntityTypeName(entry.Metadata),
            EntityId = audited.Id,
            Changes = changes.Count == 0 ? null : JsonSerializer.Serialize(changes, JsonDefaults.Options),
        };
    }

    private static bool IsAuditable(IProperty p) =>
        p.PropertyInfo is not null
        && p.PropertyInfo.GetCustomAttribute<NotAuditedAttribute>() is null
        && p.Name is not (nameof(IVersioned.Version) or nameof(ISoftDeletable.DeletedAt) or "WorkspaceId" or "Id");

    public static string EntityTypeName(IReadOnlyTypeBase type) => Naming.CamelCase(type.ClrType.Name);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>DateTimes are UTC everywhere; SQLite hands them back unspecified, so say so on the way in.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public sealed class BigEndianGuidConverter() : ValueConverter<Guid, byte[]>(
    g => g.ToByteArray(true),
    b => new Guid(b, true));
