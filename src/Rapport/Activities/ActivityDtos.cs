using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Common;

namespace Rapport.Activities;

/// <summary>Who else took part in an interaction: a member (<c>userId</c>), a contact (<c>contactId</c>), or anyone by <c>name</c> / <c>email</c>.</summary>
public sealed record Participant(Guid? UserId = null, Guid? ContactId = null, string? Name = null, string? Email = null)
{
    private static readonly JsonSerializerOptions Storage = new(JsonDefaults.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string ToJson(IReadOnlyList<Participant>? participants) => JsonSerializer.Serialize(participants ?? [], Storage);

    public static List<Participant> FromJson(string json) => JsonSerializer.Deserialize<List<Participant>>(json, Storage) ?? [];
}

public sealed record InteractionDto(Guid Id, Guid? ContactId, Guid? AccountId, string Channel, string Direction, DateTime OccurredAt,
    int? DurationSeconds, string Subject, string? Body, string? Outcome, IReadOnlyList<Participant> Participants,
    Guid? CreatedByUserId, DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    /// <summary>Every record it concerns: its contact, its account, then the others (deals, leads, …).</summary>
    public IReadOnlyList<TargetRef> Targets { get; init; } = [];

    public static InteractionDto From(Interaction i, IEnumerable<Records.RecordRef>? others = null) => new(i.Id, i.ContactId, i.AccountId, i.Channel, i.Direction, i.OccurredAt,
        i.DurationSeconds, i.Subject, i.Body, i.Outcome, Participant.FromJson(i.Participants), i.CreatedByUserId, i.CreatedAt, i.UpdatedAt, i.Version)
    { Targets = ActivityTargets.All(i.ContactId, i.AccountId, others ?? []) };
}

/// <summary>A note; <c>body</c> is Markdown (shown with raw HTML disabled), <c>mentions</c> the ids of the members it mentions.</summary>
public sealed record NoteDto(Guid Id, Guid? ContactId, Guid? AccountId, string Body, IReadOnlyList<Guid> Mentions,
    Guid? AuthorUserId, DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    /// <summary>Every record it concerns: its contact, its account, then the others (deals, leads, …).</summary>
    public IReadOnlyList<TargetRef> Targets { get; init; } = [];

    public static NoteDto From(Note n, IEnumerable<Records.RecordRef>? others = null) => new(n.Id, n.ContactId, n.AccountId, n.Body, Activities.Mentions.FromJson(n.Mentions),
        n.AuthorUserId, n.CreatedAt, n.UpdatedAt, n.Version)
    { Targets = ActivityTargets.All(n.ContactId, n.AccountId, others ?? []) };
}

public sealed record TaskDto(Guid Id, string Title, string? Description, DateTime? DueAt, DateTime? RemindAt, DateTime? RemindedAt,
    string Priority, Guid? AssigneeId, Guid? ContactId, Guid? AccountId, string Status, DateTime? CompletedAt,
    Guid? CreatedByUserId, DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    /// <summary>Every record it concerns: its contact, its account, then the others (deals, leads, …).</summary>
    public IReadOnlyList<TargetRef> Targets { get; init; } = [];

    public static TaskDto From(CrmTask t, IEnumerable<Records.RecordRef>? others = null) => new(t.Id, t.Title, t.Description, t.DueAt, t.RemindAt, t.RemindedAt, t.Priority,
        t.AssigneeId, t.ContactId, t.AccountId, t.Status, t.CompletedAt, t.CreatedByUserId, t.CreatedAt, t.UpdatedAt, t.Version)
    { Targets = ActivityTargets.All(t.ContactId, t.AccountId, others ?? []) };
}

public sealed record NotificationDto(Guid Id, string Kind, string Title, string? Body, string? Link, Guid? RecordId,
    DateTime CreatedAt, DateTime? ReadAt, bool Read)
{
    public static NotificationDto From(Notification n) => new(n.Id, n.Kind, n.Title, n.Body, n.Link, n.RecordId, n.CreatedAt, n.ReadAt, n.ReadAt is not null);
}

public static class NotificationKinds
{
    public const string Mention = "mention";
    public const string TaskReminder = "taskReminder";
}
