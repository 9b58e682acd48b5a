using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Leads;
using static Rapport.Demo.DemoCatalog;

namespace Rapport.Demo;

/// <summary>
/// The demo's leads (issue #5): a "Contact sales" web form, scoring rules (fit and engagement,
/// 30-day half-life), a round-robin assignment rule for web leads, and 300 leads across every
/// status and source with their engagement events, form submissions and scores (computed by
/// <see cref="LeadScorer.Compute"/>, one score-history row each). A few are converted: they point at
/// demo contacts of the same name and e-mail. Deterministic (its own seed), invented names at
/// <c>.example</c> domains, fiction-range phone numbers. Inserted in the demo's transaction.
/// </summary>
internal static class DemoLeads
{
    public const int LeadCount = 300;

    private static readonly string[] Prefixes = ["Blue", "North", "Silver", "Bright", "Iron", "Clear", "Maple", "Summit", "Coral", "Granite", "Swift", "Cedar", "Lumen", "Orbit", "Atlas", "Willow"];
    private static readonly string[] Suffixes = ["Analytics", "Logistics", "Labs", "Foods", "Dental", "Robotics", "Energy", "Studios", "Partners", "Retail", "Clinics", "Systems", "Print", "Outfitters", "Realty", "Software"];
    private static readonly string[] Industries = ["Software", "Healthcare", "Logistics & Transportation", "Retail", "Manufacturing", "Professional Services", "Real Estate", "Energy"];
    private static readonly string[] Titles =
        ["Sales Director", "VP of Operations", "Chief Executive Officer", "Head of Marketing", "Operations Manager", "IT Director", "Office Manager",
         "Founder", "Procurement Lead", "Customer Success Manager", "Marketing Coordinator", "Chief Financial Officer", "Student", "Consultant"];
    private static readonly (string Source, double Weight)[] SourceWeights =
        [("webForm", 0.35), ("event", 0.15), ("referral", 0.12), ("linkedIn", 0.12), ("coldOutreach", 0.1), ("webinar", 0.08), ("import", 0.08)];
    private static readonly (string Status, double Weight)[] StatusWeights =
        [(LeadStatuses.New, 0.3), (LeadStatuses.Working, 0.24), (LeadStatuses.Nurturing, 0.18), (LeadStatuses.Qualified, 0.12), (LeadStatuses.Disqualified, 0.1), (LeadStatuses.Converted, 0.06)];
    private static readonly string[] DisqualifyReasons = ["No budget this year", "Student project", "Competitor", "Too small for our plans", "Duplicate of an existing customer", "Not reachable"];
    private static readonly string[] Campaigns = ["Spring webinar series", "Trade show 2026", "Pricing page", "Partner newsletter"];
    private static readonly string[] Messages =
        ["Could we see a demo next week?", "How does pricing work for 20 seats?", "We are moving off spreadsheets and need help with the import.",
         "Do you integrate with our e-mail provider?", "Looking for a CRM for our non-profit.", "Please call me back about a quote."];

    public static async Task SeedAsync(RapportDb db, Guid workspaceId, DateTime now, IReadOnlyList<DemoMember> members, IReadOnlyList<Contact> contacts,
        IReadOnlyList<Account> accounts, CancellationToken ct)
    {
        var r = new Random(SeedDemoData.Seed + 5);
        var sellers = members.Where(m => m.Role != Roles.ReadOnly).ToList();

        var form = new WebForm
        {
            WorkspaceId = workspaceId, Name = "Contact sales", CreatedAt = now.AddDays(-120), UpdatedAt = now.AddDays(-120),
            Fields = JsonSerializer.Serialize(new[]
            {
                new { key = "email", label = "Work e-mail", type = "email", required = true },
                new { key = "firstName", label = "First name", type = "text", required = true },
                new { key = "lastName", label = "Last name", type = "text", required = true },
                new { key = "company", label = "Company", type = "text", required = false },
                new { key = "title", label = "Job title", type = "text", required = false },
                new { key = "message", label = "How can we help?", type = "longText", required = false },
            }, JsonDefaults.Options),
            ConsentText = "Send me product news and event invitations by e-mail.", ThankYouMessage = "Thanks! A member of our sales team will reply within one business day.",
            Campaign = "Pricing page",
        };
        var rules = new List<ScoringRule>
        {
            Fit("title", LeadConditions.Contains, "Director", 15), Fit("title", LeadConditions.Contains, "Chief", 20), Fit("title", LeadConditions.Contains, "VP", 15),
            Fit("title", LeadConditions.Contains, "Student", -20), Fit("employees", LeadConditions.GreaterThan, "200", 10),
            Fit("industry", LeadConditions.In, "Software,Healthcare,Logistics & Transportation", 5),
            Engagement(LeadEventTypes.FormSubmitted, 10), Engagement(LeadEventTypes.WebVisit, 1), Engagement(LeadEventTypes.EmailOpened, 2), Engagement(LeadEventTypes.EmailClicked, 4),
        };
        foreach (var rule in rules) { rule.WorkspaceId = workspaceId; rule.CreatedAt = rule.UpdatedAt = now.AddDays(-120); }
        var settings = new LeadSettings { WorkspaceId = workspaceId, HalfLifeDays = 30 };
        var assignment = new AssignmentRule
        {
            WorkspaceId = workspaceId, Name = "Web leads round robin", Position = 1, Method = AssignmentMethods.RoundRobin,
            Criteria = JsonSerializer.Serialize(new[] { new LeadCondition("source", LeadConditions.EqualsOp, "webForm") }, JsonDefaults.Options),
            UserIds = JsonSerializer.Serialize(sellers.Select(m => m.UserId), JsonDefaults.Options), RoundRobinCounter = LeadCount,
            CreatedAt = now.AddDays(-120), UpdatedAt = now.AddDays(-120),
        };

        var leads = new List<Lead>();
        var events = new List<LeadEvent>();
        var submissions = new List<FormSubmission>();
        var scoreChanges = new List<LeadScoreChange>();
        var usedEmails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var converted = contacts.Where(c => c.Email is not null).ToList();
        for (var i = 0; i < LeadCount; i++)
        {
            var status = Pick(r, StatusWeights);
            var created = now.AddDays(-r.Next(1, 180)).AddMinutes(-r.Next(0, 1440));
            var lead = new Lead { WorkspaceId = workspaceId, Status = status, CreatedAt = created, UpdatedAt = created.AddDays(r.Next(0, 3)) };
            if (lead.UpdatedAt > now) lead.UpdatedAt = now;
            var owner = sellers.Count == 0 ? null : sellers[i % sellers.Count];
            lead.OwnerId = r.NextDouble() < 0.9 ? owner?.UserId : null;
            lead.Source = Pick(r, SourceWeights);
            if (lead.Source == "webForm") { lead.AssignedByRule = lead.OwnerId is null ? null : assignment.Name; lead.Campaign = form.Campaign; }
            else if (r.NextDouble() < 0.3) lead.Campaign = Campaigns[r.Next(Campaigns.Length)];

            if (status == LeadStatuses.Converted && converted.Count > 0)
            {
                // A converted lead points at a demo contact of the same person.
                var c = converted[r.Next(converted.Count)];
                converted.Remove(c);
                lead.FirstName = c.FirstName; lead.LastName = c.LastName; lead.Email = c.Email; lead.Phone = c.Phone; lead.Title = c.JobTitle;
                var account = c.Accounts.FirstOrDefault() is { } link ? accounts.FirstOrDefault(a => a.Id == link.AccountId) : null;
                lead.Company = account?.Name; lead.ConvertedContactId = c.Id; lead.ConvertedAccountId = account?.Id;
                lead.ConvertedAt = created.AddDays(r.Next(1, 20)) is var at && at < now ? at : now;
                usedEmails.Add(c.Email!);
            }
            else
            {
                if (status == LeadStatuses.Converted) lead.Status = LeadStatuses.Qualified;
                var french = r.NextDouble() < 0.2;
                lead.FirstName = french ? FrenchFirstNames[r.Next(FrenchFirstNames.Length)] : EnglishFirstNames[r.Next(EnglishFirstNames.Length)];
                lead.LastName = french ? FrenchLastNames[r.Next(FrenchLastNames.Length)] : EnglishLastNames[r.Next(EnglishLastNames.Length)];
                var company = $"{Prefixes[r.Next(Prefixes.Length)]}{(r.NextDouble() < 0.5 ? "" : " ")}{Suffixes[r.Next(Suffixes.Length)]}";
                var slug = Slug(company);
                lead.Company = company;
                lead.Website = $"https://www.{slug}.example";
                lead.Title = Titles[r.Next(Titles.Length)];
                lead.Industry = Industries[r.Next(Industries.Length)];
                lead.Employees = new[] { 5, 12, 35, 80, 150, 320, 800, 2500 }[r.Next(8)];
                var city = french ? Cities.First(c => c.Country == "FR") : Cities[r.Next(Cities.Length)];
                lead.City = city.Name; lead.Country = city.Country; lead.Region = city.Region;
                lead.Phone = r.NextDouble() < 0.7 ? city.Landline(r) : null;
                var email = $"{Slug(lead.FirstName)}.{Slug(lead.LastName)}@{slug}.example";
                for (var n = 2; !usedEmails.Add(email); n++) email = $"{Slug(lead.FirstName)}.{Slug(lead.LastName)}{n}@{slug}.example";
                lead.Email = email;
                if (lead.Status == LeadStatuses.Disqualified) lead.DisqualifiedReason = DisqualifyReasons[r.Next(DisqualifyReasons.Length)];
            }
            leads.Add(lead);

            // Engagement: a form submission for web leads, then visits, opens and clicks since the lead arrived.
            var leadEvents = new List<LeadEvent>();
            if (lead.Source == "webForm")
            {
                var consent = r.NextDouble() < 0.6;
                var data = new Dictionary<string, string?> { ["email"] = lead.Email, ["firstName"] = lead.FirstName, ["lastName"] = lead.LastName, ["company"] = lead.Company, ["title"] = lead.Title };
                if (r.NextDouble() < 0.7) data["message"] = Messages[r.Next(Messages.Length)];
                submissions.Add(new FormSubmission
                {
                    WorkspaceId = workspaceId, FormId = form.Id, LeadId = lead.Id, ContactId = lead.ConvertedContactId, ConsentGiven = consent, Outcome = "createdLead",
                    Data = JsonSerializer.Serialize(data.Where(kv => kv.Value is not null).ToDictionary(), JsonDefaults.Options), CreatedAt = created,
                });
                if (consent)
                    lead.Consent = JsonSerializer.Serialize(new Dictionary<string, ConsentState> { ["email"] = new(ConsentChannels.Granted, $"web form '{form.Name}'", created) }, JsonDefaults.Options);
                leadEvents.Add(Event(workspaceId, lead, LeadEventTypes.FormSubmitted, created, $"Submitted the form '{form.Name}'"));
                if (lead.OwnerId is { } o)
                    leadEvents.Add(Event(workspaceId, lead, LeadEventTypes.Assigned, created, $"Assigned to {sellers.First(m => m.UserId == o).Name} by rule '{assignment.Name}'"));
            }
            var span = Math.Max(1, (now - created).TotalDays);
            for (var k = r.Next(0, 9); k > 0; k--)
            {
                var type = r.NextDouble() switch { < 0.5 => LeadEventTypes.WebVisit, < 0.85 => LeadEventTypes.EmailOpened, _ => LeadEventTypes.EmailClicked };
                var at = created.AddDays(r.NextDouble() * span);
                leadEvents.Add(Event(workspaceId, lead, type, at < now ? at : now, type == LeadEventTypes.WebVisit ? new[] { "/pricing", "/features", "/customers", "/blog/crm-migration" }[r.Next(4)] : null));
            }
            if (lead.ConvertedAt is { } convertedAt)
                leadEvents.Add(Event(workspaceId, lead, LeadEventTypes.Converted, convertedAt, "Converted to a contact" + (lead.ConvertedAccountId is null ? "" : " and an account")));
            events.AddRange(leadEvents);

            lead.Score = LeadScorer.Compute(lead, rules, leadEvents, settings.HalfLifeDays, now).Score;
            lead.ScoredAt = now;
            if (lead.Score != 0)
                scoreChanges.Add(new LeadScoreChange { WorkspaceId = workspaceId, LeadId = lead.Id, OldScore = 0, NewScore = lead.Score, Reason = "demo data", CreatedAt = now });
        }

        db.WebForms.Add(form);
        db.ScoringRules.AddRange(rules);
        db.LeadSettings.Add(settings);
        db.AssignmentRules.Add(assignment);
        db.Leads.AddRange(leads);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        db.LeadEvents.AddRange(events);
        db.FormSubmissions.AddRange(submissions);
        db.LeadScoreChanges.AddRange(scoreChanges);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static ScoringRule Fit(string field, string op, string value, int points) => new() { Kind = ScoringKinds.Fit, Field = field, Operator = op, Value = value, Points = points };
    private static ScoringRule Engagement(string type, int points) => new() { Kind = ScoringKinds.Engagement, EventType = type, Points = points };

    private static LeadEvent Event(Guid workspaceId, Lead lead, string type, DateTime at, string? detail) => new()
    {
        WorkspaceId = workspaceId, LeadId = lead.Id, ContactId = lead.ConvertedContactId, Type = type, Detail = detail, OccurredAt = at, CreatedAt = at,
    };

    private static T Pick<T>(Random r, (T Value, double Weight)[] weights)
    {
        var x = r.NextDouble() * weights.Sum(w => w.Weight);
        foreach (var (v, w) in weights) { if ((x -= w) < 0) return v; }
        return weights[^1].Value;
    }

    /// <summary>"Côté Labs" → "cotelabs": ASCII letters and digits for e-mail locals and domains.</summary>
    private static string Slug(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s.Normalize(NormalizationForm.FormD))
            if (char.IsAsciiLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString();
    }
}
