using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Records;

// The record kernel's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.

[Description("A custom field was defined on an entity.")]
public sealed record CustomFieldCreated(Guid CustomFieldId, string Entity, string Key, string Type) : IEvent
{ public static string EventName => "customField.created"; }
