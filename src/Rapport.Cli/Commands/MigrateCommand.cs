using System.CommandLine;

namespace Rapport.Cli.Commands;

/// <summary><c>rapport migrate</c>: the server's migrator, for deployments that migrate before starting the app.</summary>
public static class MigrateCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("migrate", "Apply the database migrations that are not applied yet.");
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            await host.Out.WriteLineAsync($"Database: {CliHost.DescribeDatabase(host.Database)}");
            var result = await host.MigrateAsync(ct);
            foreach (var name in result.AlreadyApplied) await host.Out.WriteLineAsync($"Already applied: {name}");
            await host.Out.WriteLineAsync(result.Applied.Count == 0
                ? $"Up to date: nothing to apply ({result.AlreadyApplied.Count} already applied)."
                : $"Applied {result.Applied.Count}, {result.AlreadyApplied.Count} already applied.");
        }));
        return command;
    }
}
