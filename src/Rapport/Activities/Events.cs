using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Activities;

// The Activities module's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.

[Description("A task was created.")]
public sealed record TaskCreated(Guid TaskId, Guid? AssigneeId, Guid? ContactId, Guid? AccountId, DateTime? DueAt) : IEvent
{ public static string EventName => "task.created"; }

[Description("A task was marked done.")]
public sealed record TaskCompleted(Guid TaskId, Guid? AssigneeId, DateTime? CompletedAt) : IEvent
{ public static string EventName => "task.completed"; }

[Description("A task was deleted.")]
public sealed record TaskDeleted(Guid TaskId) : IEvent
{ public static string EventName => "task.deleted"; }

[Description("An interaction (call, e-mail, meeting…) was logged.")]
public sealed record InteractionCreated(Guid InteractionId, Guid? ContactId, Guid? AccountId, string Channel) : IEvent
{ public static string EventName => "interaction.created"; }

[Description("An interaction was deleted.")]
public sealed record InteractionDeleted(Guid InteractionId) : IEvent
{ public static string EventName => "interaction.deleted"; }

[Description("A note was written.")]
public sealed record NoteCreated(Guid NoteId, Guid? ContactId, Guid? AccountId) : IEvent
{ public static string EventName => "note.created"; }

[Description("A note was deleted.")]
public sealed record NoteDeleted(Guid NoteId) : IEvent
{ public static string EventName => "note.deleted"; }
