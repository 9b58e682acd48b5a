using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Imports;

// The Imports module's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.

[Description("An import finished; its records were written without one event each.")]
public sealed record ImportCompleted(Guid ImportId, string Entity, int Created, int Updated) : IEvent
{ public static string EventName => "import.completed"; }

[Description("An import was undone.")]
public sealed record ImportUndone(Guid ImportId, string Entity) : IEvent
{ public static string EventName => "import.undone"; }
