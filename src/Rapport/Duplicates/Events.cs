using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Duplicates;

// The Duplicates module's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.

[Description("Contacts were merged into a survivor (the merged ones went to the trash).")]
public sealed record ContactMerged(Guid MergeId, Guid SurvivorId, List<Guid> MergedIds) : IEvent
{ public static string EventName => "contact.merged"; }

[Description("A merge of contacts was undone.")]
public sealed record ContactMergeUndone(Guid MergeId, Guid SurvivorId, List<Guid> MergedIds) : IEvent
{ public static string EventName => "contact.mergeUndone"; }

[Description("Accounts were merged into a survivor (the merged ones went to the trash).")]
public sealed record AccountMerged(Guid MergeId, Guid SurvivorId, List<Guid> MergedIds) : IEvent
{ public static string EventName => "account.merged"; }

[Description("A merge of accounts was undone.")]
public sealed record AccountMergeUndone(Guid MergeId, Guid SurvivorId, List<Guid> MergedIds) : IEvent
{ public static string EventName => "account.mergeUndone"; }
