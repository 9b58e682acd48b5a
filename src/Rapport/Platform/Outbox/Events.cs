using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Rapport.Common;

namespace Rapport.Platform.Outbox;

/// <summary>
/// A domain event's payload: a record in its module's <c>Events.cs</c>, published with
/// <c>db.Publish(new DealWon(…))</c>. <see cref="EventName"/> is its wire name (the outbox message's
/// type, and what webhooks and automations subscribe to): stable, never renamed. The payload's
/// JSON is the record's properties in camelCase (<see cref="JsonDefaults"/>); docs/events.md lists
/// them all and a test keeps it in step with the records.
/// </summary>
public interface IEvent
{
    /// <summary>The stable wire name, e.g. "deal.won". Named so as not to clash with payload fields called name or type.</summary>
    static abstract string EventName { get; }
}

/// <summary>
/// Receives one event type, its payload deserialized. Register as
/// <c>services.AddScoped&lt;IOutboxHandler&lt;ContactErased&gt;, MyHandler&gt;()</c>; the same
/// guarantees as <see cref="IOutboxHandler"/> apply (at least once, the message id as idempotency key,
/// database changes commit with the delivery record). The handler's full type name is its delivery key.
/// </summary>
public interface IOutboxHandler<in T> where T : IEvent
{
    Task HandleAsync(T payload, OutboxMessage message, CancellationToken ct);
}

/// <summary>Every event type in the application, by wire name (found once by reflection).</summary>
public static class EventTypes
{
    public static readonly FrozenDictionary<string, Type> ByName = typeof(IEvent).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(NameOf);

    /// <summary>The wire name of an event type (its static <see cref="IEvent.EventName"/>).</summary>
    public static string NameOf(Type type) =>
        (string)type.GetProperty(nameof(IEvent.EventName), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    private static readonly MethodInfo TypedMethod = typeof(EventTypes).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// The typed handlers registered for the message's event type, each as (delivery key, run); the
    /// payload is deserialized on the first run, so a message whose typed handlers are all done is not read.
    /// </summary>
    internal static IEnumerable<(string Name, Func<CancellationToken, Task> Run)> TypedHandlers(IServiceProvider services, OutboxMessage message) =>
        ByName.TryGetValue(message.Type, out var type)
            ? (IEnumerable<(string, Func<CancellationToken, Task>)>)TypedMethod.MakeGenericMethod(type).Invoke(null, [services, message])!
            : [];

    private static IEnumerable<(string, Func<CancellationToken, Task>)> Typed<T>(IServiceProvider services, OutboxMessage message) where T : IEvent
    {
        var handlers = (IEnumerable<IOutboxHandler<T>>?)services.GetService(typeof(IEnumerable<IOutboxHandler<T>>)) ?? [];
        T? payload = default;
        var read = false;
        foreach (var handler in handlers)
            yield return (handler.GetType().FullName!, ct =>
            {
                if (!read)
                {
                    payload = JsonSerializer.Deserialize<T>(message.Payload, JsonDefaults.Options)
                        ?? throw new InvalidOperationException($"An empty {message.Type} payload.");
                    read = true;
                }
                return handler.HandleAsync(payload!, message, ct);
            });
    }
}
