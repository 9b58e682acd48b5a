using System.Globalization;
using System.Text.Json.Nodes;
using Rapport.Activities;
using Rapport.Activities.Features;
using Rapport.Common;
using Rapport.Customers.Timeline;
using Rapport.Web.Shared;
using Rapport.Records;

namespace Rapport.Web.Customers;

/// <summary>The composer's state: which form is open, and what was typed when it came back with errors.</summary>
public sealed record ComposerState(string Open = "note", IDictionary<string, string[]>? Errors = null, IReadOnlyDictionary<string, string?>? Values = null)
{
    public string? Value(string key) => Values?.GetValueOrDefault(key);
}

/// <summary>A record's timeline as its page shows it: one page of items, the type filter, the composer.</summary>
public sealed record TimelineModel(
    string RecordPath, string Noun, Guid? ContactId, Guid? AccountId,
    IReadOnlyList<TimelineItem> Items, string? NextCursor, string? Filter,
    IReadOnlyDictionary<Guid, string> Members, IReadOnlyList<FieldSpecs.MemberOption> Active,
    IReadOnlyDictionary<Guid, string> ContactNames, IReadOnlyList<TaskDto> OpenTasks, ComposerState Composer, string? Done, string NowLocal)
{
    /// <summary>The type filter's choices: "changes" covers field and stage changes.</summary>
    public static readonly (string? Key, string Label)[] Filters =
        [(null, "All"), ("note", "Notes"), ("interaction", "Calls and meetings"), ("task", "Tasks"), ("changes", "Changes")];

    public string FilterUrl(string? key) => key is null ? $"{RecordPath}#timeline" : $"{RecordPath}?type={key}#timeline";

    public string? NextUrl => NextCursor is null ? null
        : $"{RecordPath}/timeline?{(Filter is null ? "" : $"type={Filter}&")}cursor={Uri.EscapeDataString(NextCursor)}";
}

/// <summary>Loads timelines and runs the composer's quick actions (note, call, task) through the activities handlers.</summary>
public sealed class TimelinePages(GetTimeline timeline, ManageNotes notes, ManageInteractions interactions, ManageTasks tasks,
    WorkspaceFormat fmt, TimeProvider clock)
{
    public const int PageSize = 30;

    public static IReadOnlyCollection<string>? TypesOf(string? filter) => filter switch
    {
        null or "" => null,
        "changes" => ["fieldChange", "stageChange"],
        _ => [filter],
    };

    public async Task<TimelineModel> ContactAsync(ContactView v, string? filter, string? cursor, ComposerState? composer, string? done, CancellationToken ct)
    {
        await fmt.LoadAsync();
        var (page, f) = await PageAsync(() => timeline.ForContactAsync(v.Contact.Id, TypesOf(filter), PageSize, cursor, ct),
            () => timeline.ForContactAsync(v.Contact.Id, null, PageSize, null, ct), filter);
        var open = (await tasks.ListAsync(v.Contact.Id, null, null, TaskStatuses.Open, 20, null, ct)).Items;
        var names = new Dictionary<Guid, string> { [v.Contact.Id] = v.Title };
        return new TimelineModel(v.Path, "contact", v.Contact.Id, null, page.Items, page.NextCursor, f, v.Members, v.Active, names, open,
            composer ?? new(), done, NowLocal());
    }

    public async Task<TimelineModel> AccountAsync(AccountView v, string? filter, string? cursor, ComposerState? composer, string? done, CancellationToken ct)
    {
        await fmt.LoadAsync();
        var (page, f) = await PageAsync(() => timeline.ForAccountAsync(v.Account.Id, TypesOf(filter), PageSize, cursor, ct),
            () => timeline.ForAccountAsync(v.Account.Id, null, PageSize, null, ct), filter);
        var open = (await tasks.ListAsync(null, v.Account.Id, null, TaskStatuses.Open, 20, null, ct)).Items;
        var names = v.Contacts.ToDictionary(c => c.Id, c => c.FullName.Length > 0 ? c.FullName : c.Email ?? "(no name)");
        return new TimelineModel(v.Path, "account", null, v.Account.Id, page.Items, page.NextCursor, f, v.Members, v.Active, names, open,
            composer ?? new(), done, NowLocal());
    }

    /// <summary>A bad filter or cursor (a hand-edited URL) shows the whole timeline from the top instead of an error.</summary>
    private static async Task<(Page<TimelineItem> Page, string? Filter)> PageAsync(Func<Task<Page<TimelineItem>>> wanted, Func<Task<Page<TimelineItem>>> fallback, string? filter)
    {
        try { return (await wanted(), string.IsNullOrEmpty(filter) ? null : filter); }
        catch (ValidationFailedException) { return (await fallback(), null); }
    }

    private string NowLocal() => fmt.ToLocalInput(clock.GetUtcNow().UtcDateTime);

    // ---- Quick actions ----

    public async Task<string> AddNoteAsync(Guid? contactId, Guid? accountId, IFormCollection form, CancellationToken ct)
    {
        var body = form["body"].ToString();
        if (!string.IsNullOrWhiteSpace(form["mention"])) body = $"{body.TrimEnd()} {form["mention"]}".Trim();
        await notes.CreateAsync(new ManageNotes.Request(contactId, accountId, body), ct);
        return "Note added";
    }

    public async Task<string> LogCallAsync(Guid? contactId, Guid? accountId, IFormCollection form, CancellationToken ct)
    {
        await fmt.LoadAsync();
        var e = new FieldErrors();
        // Empty means now (to the second, so it sorts after what just happened).
        var occurred = string.IsNullOrWhiteSpace(form["occurredAt"]) ? clock.GetUtcNow().UtcDateTime : fmt.FromLocalInput(form["occurredAt"]);
        if (occurred is null) e.Add("occurredAt", "Give the date and time it happened, or leave it empty for now.");
        int? seconds = null;
        if (!string.IsNullOrWhiteSpace(form["durationMinutes"]))
        {
            if (decimal.TryParse(form["durationMinutes"], NumberStyles.Number, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 0 and <= 7 * 24 * 60)
                seconds = (int)Math.Round(minutes * 60);
            else e.Add("durationMinutes", "Must be a number of minutes.");
        }
        e.ThrowIfAny();
        var channel = string.IsNullOrWhiteSpace(form["channel"]) ? "call" : form["channel"].ToString();
        await interactions.CreateAsync(new ManageInteractions.Request(contactId, accountId, channel, Blank(form["direction"]) ?? "outbound",
            occurred, seconds, Blank(form["subject"]) ?? "", Blank(form["body"]), Blank(form["outcome"])), ct);
        return channel == "call" ? "Call logged" : "Activity logged";
    }

    public async Task<string> AddTaskAsync(Guid? contactId, Guid? accountId, IFormCollection form, CancellationToken ct)
    {
        await fmt.LoadAsync();
        DateTime? due = null;
        if (!string.IsNullOrWhiteSpace(form["dueAt"]))
            due = fmt.FromLocalInput(form["dueAt"]) ?? throw new ValidationFailedException("dueAt", "Give a date and time, or leave it empty.");
        await tasks.CreateAsync(new ManageTasks.Request(Blank(form["title"]), Blank(form["description"]), due, null,
            Blank(form["priority"]), Guid.TryParse(form["assigneeId"], out var a) ? a : null, contactId, accountId), ct);
        return "Task added";
    }

    public async Task<string> CompleteTaskAsync(Guid taskId, CancellationToken ct)
    {
        var t = await tasks.UpdateAsync(taskId, new JsonObject { ["status"] = TaskStatuses.Completed }, null, ct);
        return $"Task “{t.Title}” completed";
    }

    /// <summary>What was typed, to put back in the composer after an error.</summary>
    public static IReadOnlyDictionary<string, string?> ValuesOf(IFormCollection form) =>
        form.Where(f => f.Key != "__RequestVerificationToken").ToDictionary(f => f.Key, f => (string?)f.Value.ToString());

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
