using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Features;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Cli;

/// <summary>
/// The <c>rapport</c> CLI run in-process through its entry point (output captured) against a fresh
/// database per test, and once as the built program to prove its help.
/// </summary>
public class CliTests
{
    private const string Password = "correct horse battery";

    private sealed record Run(int ExitCode, string Out, string Err)
    {
        public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        public string LastLine => Lines.Length == 0 ? "" : Lines[^1];
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Err}";
    }

    private static async Task<Run> RapportAsync(TestDatabase db, params string[] args)
    {
        string[] all = [.. args, "--provider", db.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres", "--connection", db.ConnectionString];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Rapport.Cli.Program.RunAsync(all, stdout, stderr);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<Guid> CreateWorkspaceAsync(TestDatabase db, string email = "olivia@example.com")
    {
        var run = await RapportAsync(db, "workspace", "create", "--name", "Acme", "--owner-email", email, "--owner-password", Password);
        run.ExitCode.ShouldBe(0, run.ToString());
        return Guid.Parse(run.LastLine);
    }

    /// <summary>The CRM's services on the test database, to check through handlers what the CLI did.</summary>
    private static async Task<T> WithServicesAsync<T>(TestDatabase db, Func<IServiceProvider, Task<T>> work)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(db.Settings()).Build();
        await using var services = new ServiceCollection().AddLogging().AddRapport(config).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static Task<SignIn.Result> SignInAsync(TestDatabase db, string email, string password) =>
        WithServicesAsync(db, sp => sp.GetRequiredService<SignIn>().HandleAsync(new SignIn.Request(email, password), default));

    private static Task<(int Workspaces, int Users, int ApiKeys)> CountAsync(TestDatabase db) =>
        WithServicesAsync(db, async sp =>
        {
            var rdb = sp.GetRequiredService<RapportDb>();
            return (await rdb.Workspaces.CountAsync(), await rdb.Users.CountAsync(), await rdb.ApiKeys.IgnoreQueryFilters().CountAsync());
        });

    [Theory, SqliteData, PostgresData]
    public async Task Import_runs_in_process_and_prints_the_report(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var ws = await CreateWorkspaceAsync(db);
        var csv = Path.Combine(Path.GetTempPath(), $"rapport-cli-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "Surname;E-mail;Shoe\nCurie;marie@example.com;x\nNoether;bad-mail;y\n");
        try
        {
            var dry = await RapportAsync(db, "import", "contacts", csv, "--workspace", ws.ToString(), "--map", "Surname=lastName", "--map", "Shoe=", "--dry-run");
            dry.ExitCode.ShouldBe(0, dry.ToString());
            dry.Out.ShouldContain("dry run");
            dry.Out.ShouldContain("1 created, 0 updated, 0 skipped, 1 failed");
            dry.Out.ShouldContain("row 3, E-mail: Must be an e-mail address.");
            var run = await RapportAsync(db, "import", "contacts", csv, "--workspace", ws.ToString(), "--map", "Surname=lastName", "--map", "Shoe=");
            run.ExitCode.ShouldBe(0, run.ToString());
            run.Out.ShouldContain("completed: 1 created, 0 updated, 0 skipped, 1 failed");
            var again = await RapportAsync(db, "import", "contacts", csv, "--workspace", ws.ToString(), "--map", "Surname=lastName", "--map", "Shoe=", "--on-duplicate", "update");
            again.Out.ShouldContain("0 created, 0 updated, 1 skipped, 1 failed");
            var names = await WithServicesAsync(db, async sp =>
            {
                sp.GetRequiredService<Rapport.Common.RequestContext>().SetSystem(ws);
                return await sp.GetRequiredService<RapportDb>().Contacts.Select(c => c.LastName).ToListAsync();
            });
            names.ShouldBe(["Curie"]);
            var bad = await RapportAsync(db, "import", "contacts", csv, "--workspace", ws.ToString(), "--map", "Nope=lastName");
            bad.ExitCode.ShouldBe(1, bad.ToString());
        }
        finally { File.Delete(csv); }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Import_run_runs_a_dry_run_for_real_with_its_file_and_map(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var ws = await CreateWorkspaceAsync(db);
        var csv = Path.Combine(Path.GetTempPath(), $"rapport-cli-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "Surname;E-mail;Shoe\nCurie;marie@example.com;x\nNoether;bad-mail;y\n");
        try
        {
            var dry = await RapportAsync(db, "import", "contacts", csv, "--workspace", ws.ToString(), "--map", "Surname=lastName", "--map", "Shoe=", "--dry-run");
            dry.ExitCode.ShouldBe(0, dry.ToString());
            var dryId = System.Text.RegularExpressions.Regex.Match(dry.Out, @"Import ([0-9a-f-]{36}) completed \(dry run").Groups[1].Value;
            dryId.ShouldNotBeEmpty(dry.Out);
            var run = await RapportAsync(db, "import", "run", dryId, "--workspace", ws.ToString());
            run.ExitCode.ShouldBe(0, run.ToString());
            run.Out.ShouldContain("completed: 1 created, 0 updated, 0 skipped, 1 failed");
            run.Out.ShouldNotContain("dry run");
            var names = await WithServicesAsync(db, async sp =>
            {
                sp.GetRequiredService<Rapport.Common.RequestContext>().SetSystem(ws);
                return await sp.GetRequiredService<RapportDb>().Contacts.Select(c => c.LastName).ToListAsync();
            });
            names.ShouldBe(["Curie"]);
            // Its file went with the completed import: a second run is refused.
            var again = await RapportAsync(db, "import", "run", dryId, "--workspace", ws.ToString());
            again.ExitCode.ShouldBe(1, again.ToString());
        }
        finally { File.Delete(csv); }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Migrate_applies_the_scripts_once(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);

        var first = await RapportAsync(db, "migrate");
        first.ExitCode.ShouldBe(0, first.ToString());
        var scripts = Migrator.Scripts(provider).Select(s => s.Name).ToList();
        scripts.ShouldNotBeEmpty();
        foreach (var name in scripts) first.Out.ShouldContain($"Applied migration {name}.");
        first.Err.ShouldBeEmpty();

        var second = await RapportAsync(db, "migrate");
        second.ExitCode.ShouldBe(0, second.ToString());
        second.Out.ShouldNotContain("Applied migration");
        foreach (var name in scripts) second.Out.ShouldContain($"Already applied: {name}");
        second.Out.ShouldContain("nothing to apply");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Workspace_create_prints_the_id_last_and_the_owner_can_sign_in(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);

        var run = await RapportAsync(db, "workspace", "create", "--name", "Acme", "--owner-email", "Olivia@Example.com", "--owner-password", Password);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Lines.Length.ShouldBeGreaterThan(1, "a human summary comes before the id");
        Guid.TryParse(run.LastLine, out var workspaceId).ShouldBeTrue(run.ToString());
        var signedIn = await SignInAsync(db, "olivia@example.com", Password);
        signedIn.WorkspaceId.ShouldBe(workspaceId);
        signedIn.Role.ShouldBe(Roles.Owner);
        signedIn.Name.ShouldBe("Olivia", "the owner's name defaults to the e-mail's local part");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Workspace_list_shows_each_workspace_with_its_id(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var first = await CreateWorkspaceAsync(db);
        var run = await RapportAsync(db, "workspace", "list");
        run.ExitCode.ShouldBe(0, run.ToString());
        run.LastLine.ShouldStartWith(first.ToString());
        run.LastLine.ShouldContain("1 active member");
    }

    [Theory, SqliteData, PostgresData]
    public async Task User_add_adds_a_member_with_the_role(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var workspaceId = await CreateWorkspaceAsync(db);

        var run = await RapportAsync(db, "user", "add", "--workspace", workspaceId.ToString(),
            "--email", "sam@example.com", "--name", "Sam Sales", "--role", "sales", "--password", "another good password");

        run.ExitCode.ShouldBe(0, run.ToString());
        var userId = Guid.Parse(run.LastLine);
        var signedIn = await SignInAsync(db, "sam@example.com", "another good password");
        signedIn.UserId.ShouldBe(userId);
        signedIn.WorkspaceId.ShouldBe(workspaceId);
        signedIn.Role.ShouldBe(Roles.Sales);
        signedIn.Name.ShouldBe("Sam Sales");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Apikey_create_prints_a_key_that_authenticates(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var workspaceId = await CreateWorkspaceAsync(db);

        var run = await RapportAsync(db, "apikey", "create", "--workspace", workspaceId.ToString(), "--name", "ci", "--role", "admin");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.LastLine.ShouldStartWith("rpk_");
        run.Err.ShouldContain("shown only this once");
        var key = await WithServicesAsync(db, sp => sp.GetRequiredService<AuthenticateApiKey>().HandleAsync(run.LastLine, default));
        key.ShouldNotBeNull();
        key.WorkspaceId.ShouldBe(workspaceId);
        key.Role.ShouldBe(Roles.Admin);
    }

    [Theory, SqliteData, PostgresData]
    public async Task User_add_refuses_an_unknown_role(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var workspaceId = await CreateWorkspaceAsync(db);
        var before = await CountAsync(db);

        var run = await RapportAsync(db, "user", "add", "--workspace", workspaceId.ToString(),
            "--email", "sam@example.com", "--name", "Sam", "--role", "wizard", "--password", "another good password");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Out.ShouldBeEmpty();
        run.Err.ShouldContain("role: Must be one of: owner, admin");
        run.Err.ShouldNotContain("   at ");
        (await CountAsync(db)).ShouldBe(before);
    }

    [Theory, SqliteData, PostgresData]
    public async Task User_add_with_a_login_of_another_workspace_only_invites_it(DatabaseProvider provider)
    {
        // Issue #11: `user add` once made any existing login a member of the caller's workspace.
        await using var db = TestDatabase.Create(provider);
        await CreateWorkspaceAsync(db, "olivia@example.com");
        var globex = await RapportAsync(db, "workspace", "create", "--name", "Globex", "--owner-email", "gus@example.com", "--owner-password", Password);
        var globexId = Guid.Parse(globex.LastLine);

        var run = await RapportAsync(db, "user", "add", "--workspace", globexId.ToString(),
            "--email", "olivia@example.com", "--name", "Not Her Name", "--role", "admin", "--password", "another good password");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Out.ShouldContain("already has a login, so they were invited");
        run.LastLine.ShouldStartWith("invitation ");
        var olivia = await SignInAsync(db, "olivia@example.com", Password); // her password is unchanged
        run.Out.ShouldNotContain(olivia.UserId.ToString());
        var memberOfGlobex = await WithServicesAsync(db, sp =>
            sp.GetRequiredService<RapportDb>().Memberships.IgnoreQueryFilters().AnyAsync(m => m.UserId == olivia.UserId && m.WorkspaceId == globexId));
        memberOfGlobex.ShouldBeFalse();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Weak_passwords_are_refused(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var workspaceId = await CreateWorkspaceAsync(db);
        var before = await CountAsync(db);

        var create = await RapportAsync(db, "workspace", "create", "--name", "Beta", "--owner-email", "bea@example.com", "--owner-password", "short");
        create.ExitCode.ShouldBe(1, create.ToString());
        create.Out.ShouldBeEmpty();
        create.Err.Trim().ShouldBe("error: password: Use at least 10 characters.");

        var add = await RapportAsync(db, "user", "add", "--workspace", workspaceId.ToString(),
            "--email", "sam@example.com", "--name", "Sam", "--role", "sales", "--password", "password12");
        add.ExitCode.ShouldBe(1, add.ToString());
        add.Out.ShouldBeEmpty();
        add.Err.ShouldContain("password: This password is too common");

        (await CountAsync(db)).ShouldBe(before);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_unknown_workspace_is_refused(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        (await RapportAsync(db, "migrate")).ExitCode.ShouldBe(0);
        var unknown = Guid.CreateVersion7().ToString();

        var add = await RapportAsync(db, "user", "add", "--workspace", unknown,
            "--email", "sam@example.com", "--name", "Sam", "--role", "sales", "--password", "another good password");
        var key = await RapportAsync(db, "apikey", "create", "--workspace", unknown, "--name", "ci", "--role", "admin");

        foreach (var run in new[] { add, key })
        {
            run.ExitCode.ShouldBe(1, run.ToString());
            run.Out.ShouldBeEmpty();
            run.Err.ShouldContain($"No workspace with id {unknown}");
            run.Err.Trim().Split('\n').Length.ShouldBe(1, run.Err);
        }
        (await CountAsync(db)).ShouldBe((0, 0, 0));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_usage_exits_2_and_writes_nothing(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        (await RapportAsync(db, "migrate")).ExitCode.ShouldBe(0);

        var missing = await RapportAsync(db, "workspace", "create", "--owner-email", "bea@example.com", "--owner-password", Password);
        missing.ExitCode.ShouldBe(2, missing.ToString());
        missing.Out.ShouldBeEmpty();
        missing.Err.ShouldContain("Option '--name' is required.");
        missing.Err.ShouldContain("rapport workspace create --help");

        var notAnId = await RapportAsync(db, "apikey", "create", "--workspace", "acme", "--name", "ci", "--role", "admin");
        notAnId.ExitCode.ShouldBe(2, notAnId.ToString());
        notAnId.Err.ShouldContain("--workspace");

        var noCommand = await RapportAsync(db, "user");
        noCommand.ExitCode.ShouldBe(2, noCommand.ToString());

        (await CountAsync(db)).ShouldBe((0, 0, 0));
    }

    [Fact]
    public async Task Help_of_the_built_cli_names_the_command_rapport()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Rapport.Cli.dll");
        File.Exists(dll).ShouldBeTrue(dll);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        var root = await RunProcessAsync(dotnet, dll, "--help");
        root.ExitCode.ShouldBe(0, root.ToString());
        root.Out.ShouldContain("rapport [command] [options]");
        foreach (var command in new[] { "migrate", "workspace", "user", "apikey", "demo", "--connection", "--provider" })
            root.Out.ShouldContain(command);

        var create = await RunProcessAsync(dotnet, dll, "workspace", "create", "--help");
        create.ExitCode.ShouldBe(0, create.ToString());
        create.Out.ShouldContain("rapport workspace create [options]");
        create.Out.ShouldContain("--owner-email");
    }

    private static async Task<Run> RunProcessAsync(string fileName, params string[] args)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
