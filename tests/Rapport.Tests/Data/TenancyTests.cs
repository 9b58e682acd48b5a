using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Data;

public class TenancyTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Queries_see_only_the_current_workspace_and_nothing_without_one(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Rapport:AllowSignup"] = "true" });
        var a = await app.SignUpAsync("A");
        var b = await app.SignUpAsync("B");
        await app.InWorkspaceAsync(a.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            db.Teams.Add(new Team { WorkspaceId = a.WorkspaceId, Name = "A team", CreatedAt = db.Now });
            await db.SaveChangesAsync();
            return 0;
        });
        (await app.InWorkspaceAsync(b.WorkspaceId, sp => sp.GetRequiredService<RapportDb>().Teams.CountAsync())).ShouldBe(0);
        (await app.InWorkspaceAsync(a.WorkspaceId, sp => sp.GetRequiredService<RapportDb>().Teams.CountAsync())).ShouldBe(1);
        using var scope = app.Services.CreateScope();
        var none = scope.ServiceProvider.GetRequiredService<RapportDb>();
        (await none.Teams.CountAsync()).ShouldBe(0);
        (await none.ApiKeys.CountAsync()).ShouldBe(0);
        (await none.Memberships.CountAsync()).ShouldBe(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Saving_a_row_of_another_workspace_throws(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Rapport:AllowSignup"] = "true" });
        var a = await app.SignUpAsync("A");
        var b = await app.SignUpAsync("B");
        await app.InWorkspaceAsync(a.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            db.Teams.Add(new Team { WorkspaceId = b.WorkspaceId, Name = "Sneaky", CreatedAt = db.Now });
            var e = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            e.Message.ShouldContain("Refusing to save");
            return 0;
        });
        (await app.InWorkspaceAsync(b.WorkspaceId, sp => sp.GetRequiredService<RapportDb>().Teams.CountAsync())).ShouldBe(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_database_refuses_a_link_across_workspaces(DatabaseProvider provider)
    {
        var app = App(provider);
        var a = await app.SignUpAsync("A");
        var b = await app.SignUpAsync("B");
        var teamOfB = await app.InWorkspaceAsync(b.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var t = new Team { WorkspaceId = b.WorkspaceId, Name = "B team", CreatedAt = db.Now };
            db.Teams.Add(t);
            await db.SaveChangesAsync();
            return t.Id;
        });
        // Point A's owner membership at B's team with SQL, bypassing EF: the composite foreign key refuses it.
        await app.InWorkspaceAsync(a.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            await Should.ThrowAsync<Exception>(() =>
                db.Memberships.Where(m => m.UserId == a.UserId).ExecuteUpdateAsync(s => s.SetProperty(m => m.TeamId, teamOfB)));
            return 0;
        });
    }
}
