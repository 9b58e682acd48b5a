using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Platform.Features;

namespace Rapport.Cli.Commands;

/// <summary><c>rapport user add</c>: the AddUser use case, acting as the system in the workspace.</summary>
public static class UserCommands
{
    public static Command Create(GlobalOptions globals)
    {
        var workspace = new Option<Guid>("--workspace") { Description = "The workspace's id.", HelpName = "id", Required = true };
        var email = new Option<string>("--email") { Description = "The person's e-mail address (their sign-in).", Required = true };
        var name = new Option<string>("--name") { Description = "The person's name.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var password = new Option<string>("--password")
        {
            Description = "Initial password (at least 10 characters); not used when the e-mail already has a login, which is invited instead.",
            Required = true,
        };

        var add = new Command("add", "Add a member to a workspace. Prints the user id on the last line (\"invitation ID\" when the e-mail already has a login: it is invited).")
        {
            workspace, email, name, role, password,
        };
        add.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            var (scope, ws) = await host.EnterWorkspaceAsync(parse.GetValue(workspace), ct);
            await using (scope)
            {
                var member = await scope.ServiceProvider.GetRequiredService<AddUser>().HandleAsync(
                    new AddUser.Request(parse.GetValue(email), parse.GetValue(name), parse.GetValue(role), parse.GetValue(password)), ct);
                if (member.Status == "invited")
                {
                    // A login is its owner's: it is invited (and mailed), never joined by someone else's command.
                    await host.Out.WriteLineAsync($"{member.Email} already has a login, so they were invited to workspace '{ws.Name}' as {member.Role}: " +
                                                  "they join when they accept it (signed in, or by the mailed link). The password was not used.");
                    await host.Out.WriteLineAsync($"invitation {member.Id}");
                    return;
                }
                await host.Out.WriteLineAsync($"Added {member.Name} <{member.Email}> to workspace '{ws.Name}' as {member.Role}.");
                await host.Out.WriteLineAsync(member.Id.ToString());
            }
        }));

        return new Command("user", "Manage the people of a workspace.") { add };
    }
}
