using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Demo;

namespace Rapport.Cli.Commands;

/// <summary><c>rapport demo --workspace ID</c>: fills an empty workspace with demo data (SeedDemoData), acting as the system.</summary>
public static class DemoCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var workspace = new Option<Guid>("--workspace") { Description = "The workspace's id (it must have no contacts and no accounts).", HelpName = "id", Required = true };
        var demo = new Command("demo", "Fill an empty workspace with demo data: about 200 contacts, 50 accounts, 1,000 interactions, notes and tasks.")
        {
            workspace,
        };
        demo.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            var (scope, ws) = await host.EnterWorkspaceAsync(parse.GetValue(workspace), ct);
            await using (scope)
            {
                var result = await scope.ServiceProvider.GetRequiredService<SeedDemoData>().HandleAsync(ct);
                await host.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Loaded demo data into workspace '{ws.Name}': {result.Summary} ({result.Elapsed.TotalSeconds:0.0} s)."));
            }
        }));
        return demo;
    }
}
