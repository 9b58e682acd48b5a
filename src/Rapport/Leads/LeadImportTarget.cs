using Rapport.Records;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Imports;

namespace Rapport.Leads;

/// <summary>
/// Leads in the import pipeline (CSV, mapping, dry run, undo): a row is validated by
/// <see cref="LeadWriter"/> with the API's rules, matched on e-mail (default) or phone. A created
/// lead without an owner in its row is assigned by the workspace's assignment rules as an API arrival
/// is (its timeline says "Assigned to X by rule 'Y'", <see cref="Lead.AssignedByRule"/> names the rule;
/// the creator of the import owns it when no rule applies), and created or changed leads are scored.
/// The rules, members, loads and scoring rules are read once per import (<see cref="LeadAssigner.Batch"/>),
/// so a created row costs no query; an updated row whose fields changed reads its events only when
/// engagement rules exist. Lead custom fields map like contacts' (<c>customFields.KEY</c>, unique ones
/// checked against one index of the file and the workspace, and usable as the match key); leads have no
/// external id, so it is not offered.
/// </summary>
public sealed class LeadImportTarget : RecordImportTarget<Lead>
{
    public override string Entity => "lead";
    public override string DefaultMatchOn => "email";
    public override IReadOnlyList<string> MatchKeys { get; } = ["email", "phone"];
    /// <summary>The lead custom fields are added to the fields below (by key or label).</summary>
    public override string CustomFieldEntity => LeadAccess.RecordType;

    public override IReadOnlyList<ImportField> Fields { get; } =
    [
        new("firstName", "First name", "first name", "firstname", "given name", "forename", "first"),
        new("lastName", "Last name", "last name", "lastname", "surname", "family name", "last"),
        new("email", "E-mail", "e-mail", "email", "email address", "e-mail address", "mail"),
        new("phone", "Phone", "phone", "phone number", "telephone", "tel", "mobile", "mobile phone"),
        new("company", "Company", "company", "company name", "organization", "organisation", "account", "account name"),
        new("title", "Job title", "job title", "jobtitle", "title", "position"),
        new("website", "Website", "website", "web site", "web", "url", "domain"),
        new("employees", "Employees (head count)", "employees", "number of employees", "no of employees", "head count", "headcount"),
        new("industry", "Industry", "industry", "sector"),
        new("country", "Country (2-letter code)", "country", "country code"),
        new("region", "State / region", "state", "region", "province", "county"),
        new("city", "City", "city", "town"),
        new("source", "Source", "source", "lead source"),
        new("campaign", "Campaign", "campaign", "campaign name", "utm campaign"),
        new("status", "Status", "status", "lead status"),
        new("disqualifiedReason", "Disqualified reason", "disqualified reason", "disqualification reason"),
        new("ownerId", "Owner (user id)", "owner id", "ownerid"),
    ];

    protected override IReadOnlySet<string> WriterFields { get; } = LeadWriter.Writable.ToHashSet();

    /// <summary>What one import run reads once (found by its session: the target is shared by every run).</summary>
    private sealed class State
    {
        public required LeadAssigner.Batch Assigner { get; init; }
        public required IReadOnlyList<ScoringRule> Rules { get; init; }
        public required double HalfLife { get; init; }
        public bool Engagement => Rules.Any(r => r.Kind == ScoringKinds.Engagement && r.EventType is not null);
        public readonly List<LeadEvent> Events = [];
        public readonly List<LeadScoreChange> Scores = [];
    }

    private static readonly ConditionalWeakTable<WriteSession, State> States = [];

    protected override async Task<WriteSession> SessionAsync(IServiceProvider services, CancellationToken ct)
    {
        var actor = await services.GetRequiredService<LeadAccess>().ActingUserIdAsync(ct);
        return await services.GetRequiredService<LeadWriter>().SessionAsync(actor, ct);
    }

    protected override async Task StartExtrasAsync(Run run, CancellationToken ct)
    {
        var (rules, halfLife) = await run.Services.GetRequiredService<LeadScorer>().RulesAsync(ct);
        var state = new State
        {
            Assigner = await run.Services.GetRequiredService<LeadAssigner>().BatchAsync(reserve: !run.Job.DryRun, ct),
            Rules = rules, HalfLife = halfLife,
        };
        States.AddOrUpdate(run.Session, state);
        run.Extra = state;
    }

    protected override Lead New(Guid workspaceId) => new() { WorkspaceId = workspaceId };

    protected override async Task ApplyAsync(IServiceProvider services, Lead record, JsonObject body, bool creating, WriteSession session, CancellationToken ct)
    {
        // Cells are text: the head count as the number the API takes, a status as its key ("Working" → working).
        if (body["employees"] is JsonValue emp && emp.TryGetValue<string>(out var text)
            && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)) body["employees"] = n;
        if (body["status"] is JsonValue st && st.TryGetValue<string>(out var status)) body["status"] = status.Replace(" ", "").ToLowerInvariant();
        var before = creating ? null : FitKey(record);
        await services.GetRequiredService<LeadWriter>().ApplyAsync(record, body, creating, session, ct);
        // An update rescores when a field a rule can look at changed (a re-run that changes nothing leaves the score alone).
        if (!creating && FitKey(record) != before && States.TryGetValue(session, out var state))
        {
            var events = state.Engagement
                ? (await services.GetRequiredService<LeadScorer>().EventsAsync([record.Id], state.Rules, ct)).GetValueOrDefault(record.Id) ?? []
                : [];
            Score(state, record, events, services.GetRequiredService<RapportDb>().Now);
        }
    }

    /// <summary>The values scoring and assignment conditions read, as one string to compare.</summary>
    private static string FitKey(Lead l) => string.Join('\u001f', LeadConditions.Fields.Values.Select(f => f.Get(l) ?? "")) + '\u001f' + l.CustomFields;

    private static void Score(State state, Lead lead, IReadOnlyList<LeadEvent> events, DateTime now)
    {
        var score = LeadScorer.Compute(lead, state.Rules, events, state.HalfLife, now).Score;
        if (score == lead.Score) return;
        state.Scores.Add(new LeadScoreChange { WorkspaceId = lead.WorkspaceId, LeadId = lead.Id, OldScore = lead.Score, NewScore = score, Reason = "imported", CreatedAt = now });
        lead.Score = score;
        lead.ScoredAt = now;
    }

    /// <summary>A lead being created: assigned by the rules unless its row names an owner (else the import's creator owns it), then scored.</summary>
    protected override async Task<(string, string)?> RelateAsync(Run run, Lead record, Dictionary<string, string> values, bool creating, CancellationToken ct)
    {
        if (!creating || run.Extra is not State state) return null;
        var ownerGiven = values.TryGetValue("ownerId", out var owner) && owner.Trim().Length > 0;
        if (!ownerGiven)
        {
            if (await state.Assigner.PickAsync(record, ct) is { } pick)
                state.Events.Add(LeadAssigner.Assign(record, pick, state.Assigner.NameOf(pick.UserId), run.Job.CreatedByUserId, run.Now));
            else record.OwnerId = run.Session.Actor;
        }
        Score(state, record, [], run.Now); // a new lead has no engagement yet
        return null;
    }

    protected override async Task WriteAfterAsync(Run run, BulkWriter? bulk, CancellationToken ct)
    {
        if (run.Extra is not State state) return;
        if (bulk is not null)
        {
            await bulk.InsertAsync(state.Events, ct);
            await bulk.InsertAsync(state.Scores, ct);
            await state.Assigner.ReleaseAsync(ct);
        }
        state.Events.Clear();
        state.Scores.Clear();
    }

    /// <summary>Leads whose score the undo puts back get a score history line saying so.</summary>
    protected override async Task UndoExtrasAsync(ImportJob job, RapportDb db, BulkWriter bulk, CancellationToken ct)
    {
        var importId = job.Id;
        var log = await db.ImportChanges.AsNoTracking().Where(c => c.ImportId == importId && c.EntityType == Entity && c.Action == "updated")
            .Select(c => new { c.RecordId, c.OldValues }).ToListAsync(ct);
        var oldScores = new Dictionary<Guid, int>();
        foreach (var c in log)
            if (c.OldValues is not null && JsonNode.Parse(c.OldValues) is JsonObject o && o["Score"] is JsonValue v && v.TryGetValue<int>(out var s))
                oldScores[c.RecordId] = s;
        var now = db.Now;
        foreach (var page in oldScores.Keys.Chunk(1000))
        {
            var current = await db.Leads.AsNoTracking().IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(l => page.Contains(l.Id))
                .Select(l => new { l.Id, l.Score }).ToListAsync(ct);
            var rows = current.Where(l => l.Score != oldScores[l.Id]).Select(l => new LeadScoreChange
            {
                WorkspaceId = job.WorkspaceId, LeadId = l.Id, OldScore = l.Score, NewScore = oldScores[l.Id], Reason = "import undone", CreatedAt = now,
            }).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await bulk.InsertAsync(rows, ct);
            await tx.CommitAsync(ct);
        }
    }

    protected override DbSet<Lead> Set(RapportDb db) => db.Leads;

    protected override IQueryable<KeyRow> Keys(RapportDb db, string matchOn) => matchOn switch
    {
        "phone" => db.Leads.Where(l => l.Phone != null).Select(l => new KeyRow { Key = l.Phone, Id = l.Id }),
        _ => db.Leads.Where(l => l.Email != null).Select(l => new KeyRow { Key = l.Email, Id = l.Id }),
    };

    protected override Func<Lead, string?> KeyOf(string matchOn) => matchOn switch
    {
        "phone" => l => l.Phone,
        _ => l => l.Email,
    };

    protected override string CustomFieldsOf(Lead record) => record.CustomFields;
}
