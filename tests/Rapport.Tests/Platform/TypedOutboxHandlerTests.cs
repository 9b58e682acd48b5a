using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Platform;
using Rapport.Platform.Outbox;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

/// <summary>IOutboxHandler&lt;T&gt;: the dispatcher hands typed handlers the payload as the event record, beside the untyped handlers.</summary>
public class TypedOutboxHandlerTests
{
    public sealed class TeamCreatedHandler : IOutboxHandler<TeamCreated>
    {
        public ConcurrentQueue<(TeamCreated Payload, Guid MessageId)> Received { get; } = new();
        public int FailuresLeft;
        public Task HandleAsync(TeamCreated payload, OutboxMessage message, CancellationToken ct)
        {
            if (Interlocked.Decrement(ref FailuresLeft) >= 0) throw new InvalidOperationException("downstream unavailable");
            Received.Enqueue((payload, message.Id));
            return Task.CompletedTask;
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_typed_handler_gets_the_record_and_is_retried_without_repeating_the_others(DatabaseProvider provider)
    {
        var typed = new TeamCreatedHandler { FailuresLeft = 1 };
        var untyped = new OutboxTests.CountingHandler();
        await using var app = new RapportApp(provider, new() { ["Outbox:Enabled"] = "false" }, s =>
        {
            s.AddSingleton<IOutboxHandler>(untyped);
            s.AddSingleton<IOutboxHandler<TeamCreated>>(typed);
        });
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var team = await (await api.PostJsonAsync("/api/v1/teams", new { name = "Partners" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.DeleteAsync($"/api/v1/teams/{team.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.NoContent);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        await dispatcher.DispatchDueAsync();
        untyped.Calls.ShouldBe(1);
        typed.Received.ShouldBeEmpty();
        app.Clock.Advance(OutboxDispatcher.Backoff(1) + TimeSpan.FromSeconds(1));
        await dispatcher.DispatchDueAsync();
        untyped.Calls.ShouldBe(1, "a redelivery skips the handler that already handled the message");
        var (payload, messageId) = typed.Received.Single();
        payload.ShouldBe(new TeamCreated(Guid.Parse(team.GetProperty("id").GetString()!), "Partners"));

        var handlers = await app.InWorkspaceAsync(owner.WorkspaceId, sp =>
            sp.GetRequiredService<RapportDb>().OutboxDeliveries.Where(d => d.MessageId == messageId).Select(d => d.Handler).ToListAsync());
        handlers.Order().ShouldBe([typeof(OutboxTests.CountingHandler).FullName!, typeof(TeamCreatedHandler).FullName!]);
    }
}
