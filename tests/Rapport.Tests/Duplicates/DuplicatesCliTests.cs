using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Duplicates;

/// <summary><c>rapport duplicates scan</c> run in-process against a fresh database.</summary>
public class DuplicatesCliTests
{
    private static async Task<(int Code, string Out, string Err)> RapportAsync(TestDatabase db, params string[] args)
    {
        string[] all = [.. args, "--provider", db.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres", "--connection", db.ConnectionString];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Rapport.Cli.Program.RunAsync(all, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Duplicates_scan_waits_and_prints_the_groups_found(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var created = await RapportAsync(db, "workspace", "create", "--name", "Acme", "--owner-email", "olivia@example.com", "--owner-password", "correct horse battery");
        created.Code.ShouldBe(0, created.Err);
        var workspaceId = Guid.Parse(created.Out.Trim().Split('\n')[^1]);

        var config = new ConfigurationBuilder().AddInMemoryCollection(db.Settings()).Build();
        await using (var services = new ServiceCollection().AddLogging().AddRapport(config).BuildServiceProvider())
        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(workspaceId);
            var rdb = scope.ServiceProvider.GetRequiredService<RapportDb>();
            foreach (var (first, last, email) in new[] { ("Ada", "Lovelace", "ada@example.com"), ("Ada", "Lovelace", "ada@example.com"), ("Grace", "Hopper", "grace@example.com"), ("Alan", "Turing", null) })
                rdb.Contacts.Add(new Contact { WorkspaceId = workspaceId, FirstName = first, LastName = last, Email = email, CreatedAt = rdb.Now, UpdatedAt = rdb.Now });
            await rdb.SaveChangesAsync();
        }

        var run = await RapportAsync(db, "duplicates", "scan", "--workspace", workspaceId.ToString());
        run.Code.ShouldBe(0, run.Err);
        run.Out.ShouldContain("Scanned 4 contacts");
        run.Out.ShouldContain("1 groups of possible duplicates");
        run.Out.ShouldMatch(@"in \d+\.\d s");

        var accounts = await RapportAsync(db, "duplicates", "scan", "--workspace", workspaceId.ToString(), "--entity", "account");
        accounts.Code.ShouldBe(0, accounts.Err);
        accounts.Out.ShouldContain("Scanned 0 accounts");

        var bad = await RapportAsync(db, "duplicates", "scan", "--workspace", workspaceId.ToString(), "--entity", "lead");
        bad.Code.ShouldBe(2, bad.Out + bad.Err);
    }
}
