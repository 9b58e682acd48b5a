using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Duplicates.Features;

namespace Rapport.Cli.Commands;

/// <summary>
/// <c>rapport duplicates scan --workspace ID [--entity contact|account]</c>: runs a workspace-wide
/// duplicate scan here (or waits for the server's worker if it already holds one) and prints the
/// groups found and the time. The groups land in the review queue (/duplicates) as from the API.
/// </summary>
public static class DuplicatesCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var workspace = new Option<Guid>("--workspace") { Description = "The workspace's id.", HelpName = "id", Required = true };
        var entity = new Option<string>("--entity") { Description = "What to scan: contact (default) or account.", HelpName = "contact|account", DefaultValueFactory = _ => "contact" };
        entity.AcceptOnlyFromAmong("contact", "account");
        var scan = new Command("scan", "Scan a workspace for duplicate contacts or accounts and fill the review queue; waits for the end.")
        {
            workspace, entity,
        };
        scan.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            var (scope, ws) = await host.EnterWorkspaceAsync(parse.GetValue(workspace), ct);
            await using (scope)
            {
                var kind = parse.GetValue(entity)!;
                var watch = Stopwatch.StartNew();
                var started = await scope.ServiceProvider.GetRequiredService<ManageDuplicates>().StartAsync(new ManageDuplicates.StartRequest(kind), ct);
                var result = await scope.ServiceProvider.GetRequiredService<RunDuplicateScan>().RunOrWaitAsync(ws.Id, started.Id, ct);
                if (result.Status != "completed")
                    throw new Rapport.Common.ConflictException($"The scan failed: {result.Error}");
                await host.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Scanned {result.RecordsScanned:N0} {kind}s of workspace '{ws.Name}': {result.GroupsFound:N0} groups of possible duplicates " +
                    $"({result.PairsCompared:N0} pairs compared) in {watch.Elapsed.TotalSeconds:0.0} s. Review them at /duplicates?entity={kind}."));
            }
        }));
        var duplicates = new Command("duplicates", "Find duplicate contacts or accounts.") { scan };
        return duplicates;
    }
}
