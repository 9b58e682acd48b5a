using System.CommandLine;
using Rapport.Cli.Commands;

namespace Rapport.Cli;

/// <summary>
/// <c>rapport</c>: runs the CRM's use cases from a shell against the same database as the server.
/// (A named class rather than top-level statements: the web app's <c>Program</c> lives in the
/// global namespace and the tests reference both.)
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>The whole CLI with its output captured: tests call this in-process.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("Rapport CRM from the command line: database, workspaces, people, API keys and demo data.")
        {
            HelpName = "rapport",
        };
        root.Options.Add(globals.Connection);
        root.Options.Add(globals.Provider);
        root.Subcommands.Add(MigrateCommand.Create(globals));
        root.Subcommands.Add(WorkspaceCommands.Create(globals));
        root.Subcommands.Add(UserCommands.Create(globals));
        root.Subcommands.Add(ApiKeyCommands.Create(globals));
        root.Subcommands.Add(DemoCommand.Create(globals));
        root.Subcommands.Add(ExportCommand.Create(globals));
        root.Subcommands.Add(DuplicatesCommand.Create(globals));
        return CliHost.InvokeAsync(root, args, stdout, stderr, ct);
    }
}
