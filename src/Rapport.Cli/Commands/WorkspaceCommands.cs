using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Platform.Features;

namespace Rapport.Cli.Commands;

/// <summary><c>rapport workspace create</c>: a workspace and its owner, without the web sign-up's first-run gate; <c>rapport workspace list</c>.</summary>
public static class WorkspaceCommands
{
    public static Command Create(GlobalOptions globals)
    {
        var name = new Option<string>("--name") { Description = "The workspace's name.", Required = true };
        var ownerEmail = new Option<string>("--owner-email") { Description = "The owner's e-mail address (their sign-in).", Required = true };
        var ownerPassword = new Option<string>("--owner-password") { Description = "The owner's password (at least 10 characters).", Required = true };
        var ownerName = new Option<string>("--owner-name") { Description = "The owner's name. Default: the part of the e-mail before @." };

        var create = new Command("create", "Create a workspace with its owner (migrates the database first). Prints the workspace id on the last line.")
        {
            name, ownerEmail, ownerPassword, ownerName,
        };
        create.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            var email = parse.GetValue(ownerEmail);
            var request = new SignUp.Request(
                WorkspaceName: parse.GetValue(name),
                Name: parse.GetValue(ownerName) ?? DefaultName(email),
                Email: email,
                Password: parse.GetValue(ownerPassword));
            // The handler validates again; checking first leaves the database untouched (not even
            // migrated or created) when the request is refused.
            new SignUp.Validator().EnsureValid(request);

            await host.MigrateAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<SignUp>().CreateWorkspaceAsync(request, ct);

            await host.Out.WriteLineAsync($"Created workspace '{request.WorkspaceName!.Trim()}' in {CliHost.DescribeDatabase(host.Database)}.");
            await host.Out.WriteLineAsync($"Owner: {request.Name!.Trim()} <{email!.Trim()}>, user id {result.UserId}");
            await host.Out.WriteLineAsync($"Owner API key 'Default' (shown once): {result.ApiKey}");
            await host.Out.WriteLineAsync(result.WorkspaceId.ToString());
        }));

        var list = new Command("list", "List the workspaces in this database: id, name, created, active members.");
        list.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var workspaces = await scope.ServiceProvider.GetRequiredService<ListAllWorkspaces>().HandleAsync(ct);
            if (workspaces.Count == 0)
            {
                await host.Error.WriteLineAsync($"No workspace yet in {CliHost.DescribeDatabase(host.Database)}: create one with 'rapport workspace create'.");
                return;
            }
            foreach (var w in workspaces)
                await host.Out.WriteLineAsync($"{w.Id}  {w.Name}  (created {w.CreatedAt:yyyy-MM-dd}, {w.ActiveMembers} active member{(w.ActiveMembers == 1 ? "" : "s")})");
        }));

        return new Command("workspace", "Manage workspaces.") { create, list };
    }

    private static string? DefaultName(string? email) =>
        email?.Trim() is { } e && e.IndexOf('@') is > 0 and var at ? e[..at] : email;
}
