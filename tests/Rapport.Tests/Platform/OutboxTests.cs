using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Platform.Outbox;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

public class OutboxTests
{
    /// <summary>Records what it receives; can be told to fail the first N times.</summary>
    public sealed class RecordingHandler : IOutboxHandler
    {
        public ConcurrentQueue<(Guid Id, string Type, string Payload)> Received { get; } = new();
        public int FailuresLeft;
        public bool Handles(string eventType) => eventType.StartsWith("team.");
        public Task HandleAsync(OutboxMessage message, CancellationToken ct)
        {
            if (Interlocked.Decrement(ref FailuresLeft) >= 0) throw new InvalidOperationException("downstream unavailable");
            Received.Enqueue((message.Id, message.Type, message.Payload));
            return Task.CompletedTask;
        }
    }

    /// <summary>A second handler on the same events, to prove a redelivery skips handlers that already succeeded.</summary>
    public sealed class CountingHandler : IOutboxHandler
    {
        public int Calls;
        public bool Handles(string eventType) => eventType == "team.created";
        public Task HandleAsync(OutboxMessage message, CancellationToken ct) { Interlocked.Increment(ref Calls); return Task.CompletedTask; }
    }

    private static async Task WaitUntil(Func<bool> condition, int seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The condition was not met in time.");
            await Task.Delay(50);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_event_saved_with_its_change_is_delivered_by_the_background_dispatcher(DatabaseProvider provider)
    {
        var handler = new RecordingHandler();
        await using var app = new RapportApp(provider, services: s => s.AddSingleton<IOutboxHandler>(handler));
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var team = await (await api.PostJsonAsync("/api/v1/teams", new { name = "Partners" })).ShouldBeAsync(HttpStatusCode.Created);
        await WaitUntil(() => !handler.Received.IsEmpty);
        var (_, type, payload) = handler.Received.Single();
        type.ShouldBe("team.created");
        payload.ShouldContain(team.GetProperty("id").GetString()!);
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            await WaitUntil(() => db.OutboxMessages.AsNoTracking().Any(m => m.Type == "team.created" && m.ProcessedAt != null));
            return 0;
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_failing_handler_is_retried_with_backoff_and_others_are_not_repeated(DatabaseProvider provider)
    {
        var failing = new RecordingHandler { FailuresLeft = 2 };
        var counting = new CountingHandler();
        await using var app = new RapportApp(provider, new() { ["Outbox:Enabled"] = "false" }, s =>
        {
            s.AddSingleton<IOutboxHandler>(counting);
            s.AddSingleton<IOutboxHandler>(failing);
        });
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/teams", new { name = "Partners" })).ShouldBeAsync(HttpStatusCode.Created);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        await dispatcher.DispatchDueAsync();
        counting.Calls.ShouldBe(1);
        failing.Received.ShouldBeEmpty();
        // Not due again until the backoff has passed.
        (await dispatcher.DispatchDueAsync()).ShouldBe(0);
        app.Clock.Advance(OutboxDispatcher.Backoff(1) + TimeSpan.FromSeconds(1));
        await dispatcher.DispatchDueAsync();
        failing.Received.ShouldBeEmpty();
        app.Clock.Advance(OutboxDispatcher.Backoff(2) + TimeSpan.FromSeconds(1));
        await dispatcher.DispatchDueAsync();
        failing.Received.Count.ShouldBe(1);
        counting.Calls.ShouldBe(1, "a redelivery must skip the handler that already handled the message");

        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var m = await sp.GetRequiredService<RapportDb>().OutboxMessages.SingleAsync(x => x.Type == "team.created");
            m.Attempts.ShouldBe(3);
            m.ProcessedAt.ShouldNotBeNull();
            m.LastError!.ShouldContain("downstream unavailable");
            return 0;
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task Undelivered_events_survive_a_restart(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        Guid workspaceId;
        await using (var first = new RapportApp(database, new() { ["Outbox:Enabled"] = "false" }))
        {
            var owner = await first.SignUpAsync();
            workspaceId = owner.WorkspaceId;
            using var api = first.ApiClient(owner.ApiKey);
            await (await api.PostJsonAsync("/api/v1/teams", new { name = "Before the crash" })).ShouldBeAsync(HttpStatusCode.Created);
        }
        var handler = new RecordingHandler();
        await using var second = new RapportApp(database, services: s => s.AddSingleton<IOutboxHandler>(handler));
        using var _ = second.CreateClient();
        await WaitUntil(() => !handler.Received.IsEmpty);
        handler.Received.Single().Payload.ShouldContain("Before the crash");
    }

    [Fact]
    public async Task Two_dispatchers_deliver_each_message_once()
    {
        var handler = new RecordingHandler();
        await using var app = new RapportApp(DatabaseProvider.Sqlite, new() { ["Outbox:Enabled"] = "false" }, s => s.AddSingleton<IOutboxHandler>(handler));
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        for (var i = 0; i < 10; i++) await (await api.PostJsonAsync("/api/v1/teams", new { name = $"T{i}" })).ShouldBeAsync(HttpStatusCode.Created);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        await Task.WhenAll(dispatcher.DispatchDueAsync(), dispatcher.DispatchDueAsync(), dispatcher.DispatchDueAsync());
        handler.Received.Count.ShouldBe(10);
        handler.Received.Select(r => r.Id).Distinct().Count().ShouldBe(10);
    }
}
