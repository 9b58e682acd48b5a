using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Demo;

// The Demo module's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.

[Description("Demo data was loaded: one event for the whole load, none per record; the counts of what was created.")]
public sealed record DemoDataLoaded(int Accounts, int Contacts, int Interactions, int Notes, int Tasks) : IEvent
{ public static string EventName => "demoData.loaded"; }
