using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Platform.Features;

namespace Rapport.Cli.Commands;

/// <summary><c>rapport apikey create</c>: the CreateApiKey use case, acting as the system in the workspace.</summary>
public static class ApiKeyCommands
{
    public static Command Create(GlobalOptions globals)
    {
        var workspace = new Option<Guid>("--workspace") { Description = "The workspace's id.", HelpName = "id", Required = true };
        var name = new Option<string>("--name") { Description = "A name to recognise the key by.", Required = true };
        var role = new Option<string>("--role") { Description = $"The key's role, one of: {string.Join(", ", Roles.All)}.", Required = true };

        var create = new Command("create", "Create an API key. Prints the key on the last line; it is shown only once.")
        {
            workspace, name, role,
        };
        create.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            var (scope, ws) = await host.EnterWorkspaceAsync(parse.GetValue(workspace), ct);
            await using (scope)
            {
                var result = await scope.ServiceProvider.GetRequiredService<CreateApiKey>().HandleAsync(
                    new CreateApiKey.Request(parse.GetValue(name), parse.GetValue(role)), ct);
                await host.Out.WriteLineAsync($"Created API key '{result.ApiKey.Name}' ({result.ApiKey.Role}) in workspace '{ws.Name}', id {result.ApiKey.Id}.");
                await host.Error.WriteLineAsync("The key is shown only this once; store it now (only its hash is kept).");
                await host.Out.WriteLineAsync(result.Key);
            }
        }));

        return new Command("apikey", "Manage API keys.") { create };
    }
}
