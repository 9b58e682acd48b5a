using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Imports;
using Rapport.Imports.Features;
using Spectre.Console;

namespace Rapport.Cli.Commands;

/// <summary>
/// <c>rapport import contacts|accounts|leads FILE.csv --workspace ID [--map "Column=field" ...] [--on-duplicate ...]
/// [--match-on ...] [--dry-run]</c> and <c>rapport import run DRY-RUN-ID --workspace ID</c>: queues the import with the API's handler, runs it in this process with
/// the same runner the server's worker uses (a progress bar), and prints the report.
/// </summary>
public static class ImportCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var entity = new Argument<string>("entity") { Description = "contacts, accounts or leads." };
        entity.AcceptOnlyFromAmong("contacts", "accounts", "leads", "contact", "account", "lead");
        var file = new Argument<FileInfo>("file") { Description = "The CSV file (UTF-8; comma, semicolon or tab separated; the first row names the columns)." };
        var workspace = new Option<Guid>("--workspace") { Description = "The workspace's id.", HelpName = "id", Required = true };
        var map = new Option<string[]>("--map") { Description = "Column=field, e.g. \"Surname=lastName\" or \"Shoe=customFields.shoeSize\"; \"Column=\" ignores a column. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var onDuplicate = new Option<string>("--on-duplicate") { Description = "skip (default), update or create.", DefaultValueFactory = _ => "skip" };
        onDuplicate.AcceptOnlyFromAmong(DuplicateStrategies.All);
        var matchOn = new Option<string?>("--match-on") { Description = "email (the default for contacts and leads), domain (accounts' default), name, phone, externalId or customFields.KEY of a unique field." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would happen; change nothing." };
        var command = new Command("import", "Import contacts, accounts or leads from a CSV file, with a report of every row that could not be taken.")
        {
            entity, file, workspace, map, onDuplicate, matchOn, dryRun,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new UsageException($"No such file: {path.FullName}");
            var overrides = new Dictionary<string, string?>();
            foreach (var m in parse.GetValue(map) ?? [])
            {
                var eq = m.LastIndexOf('=');
                if (eq <= 0) throw new UsageException($"--map \"{m}\": write Column=field.");
                overrides[m[..eq]] = m[(eq + 1)..];
            }
            var (scope, ws) = await host.EnterWorkspaceAsync(parse.GetValue(workspace), ct);
            Guid id;
            await using (scope)
            {
                var sp = scope.ServiceProvider;
                (string Token, string Path, long Bytes) stored;
                await using (var input = path.OpenRead()) stored = await sp.GetRequiredService<ImportFiles>().SaveAsync(input, ct);
                var kind = parse.GetValue(entity)!.TrimEnd('s');
                var job = await sp.GetRequiredService<CreateImport>().HandleAsync(
                    new CreateImport.Options(kind, parse.GetValue(onDuplicate), parse.GetValue(matchOn), parse.GetValue(dryRun), overrides), stored.Path, stored.Bytes, path.Name, ct);
                id = job.Id;
                await ClaimAsync(sp, id, ct);
            }
            await RunAndReportAsync(host, ws.Id, id, path.Name, ct);
        }));
        command.Subcommands.Add(RunCommand(globals));
        return command;
    }

    /// <summary><c>rapport import run ID --workspace WS</c>: a dry run for real (the same file, options and mapping), run here.</summary>
    private static Command RunCommand(GlobalOptions globals)
    {
        var dryRunId = new Argument<Guid>("id") { Description = "The dry run's import id (printed by import --dry-run)." };
        var workspace = new Option<Guid>("--workspace") { Description = "The workspace's id.", HelpName = "id", Required = true };
        var command = new Command("run", "Run a completed dry run for real, with its file, options and mapping.") { dryRunId, workspace };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, globals, ct, async host =>
        {
            var (scope, ws) = await host.EnterWorkspaceAsync(parse.GetValue(workspace), ct);
            Guid id;
            string name;
            await using (scope)
            {
                var sp = scope.ServiceProvider;
                var job = await sp.GetRequiredService<RunImportForReal>().HandleAsync(parse.GetValue(dryRunId), ct);
                (id, name) = (job.Id, job.FileName);
                await ClaimAsync(sp, id, ct);
            }
            await RunAndReportAsync(host, ws.Id, id, name, ct);
        }));
        return command;
    }

    /// <summary>Claims the queued import for this process (not a server's worker that may share the database).</summary>
    private static async Task ClaimAsync(IServiceProvider sp, Guid id, CancellationToken ct)
    {
        var db = sp.GetRequiredService<RapportDb>();
        var now = db.Now;
        // Marked as this process's, so a server on this machine fails it at once if this process stops (Ctrl-C, a crash).
        var runningOn = sp.GetRequiredService<ImportInstance>().Name;
        await db.Imports.Where(i => i.Id == id && i.Status == ImportStatuses.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatuses.Running).SetProperty(i => i.StartedAt, now)
                .SetProperty(i => i.HeartbeatAt, now).SetProperty(i => i.RunningOn, runningOn), ct);
    }

    /// <summary>Runs the claimed import with the server's runner (a progress bar) and prints its report.</summary>
    private static async Task RunAndReportAsync(CliHost host, Guid workspaceId, Guid id, string fileName, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Out) });
        var runner = host.Services.GetRequiredService<ImportRunner>();
        await console.Progress().AutoClear(false).HideCompleted(false).StartAsync(async progress =>
        {
            var task = progress.AddTask($"Importing {fileName}", maxValue: 100);
            await runner.RunAsync(workspaceId, id, job => task.Value = ImportDto.ProgressOf(job), ct);
            task.Value = 100;
        });

        await using var reportScope = host.Services.CreateAsyncScope();
        reportScope.ServiceProvider.GetRequiredService<Common.RequestContext>().SetSystem(workspaceId);
        var report = await reportScope.ServiceProvider.GetRequiredService<GetImport>().HandleAsync(id, 50, ct);
        var c = report.Counts;
        await host.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Import {report.Id} {report.Status}{(report.DryRun ? " (dry run: nothing was changed)" : "")}: {c.Created} created, {c.Updated} updated, {c.Skipped} skipped, {c.Failed} failed."));
        if (report.Failure is not null) await host.Out.WriteLineAsync($"Failure: {report.Failure}");
        foreach (var e in report.Errors)
            await host.Out.WriteLineAsync($"  row {e.Row}{(e.Column is null ? "" : $", {e.Column}")}: {e.Message}");
        if (report.ErrorCount > report.Errors.Count)
            await host.Out.WriteLineAsync($"  … and {report.ErrorCount - report.Errors.Count} more errors (GET /api/v1/imports/{report.Id}).");
        if (report.Status == ImportStatuses.Failed) throw new Common.ConflictException(report.Failure ?? "The import failed.");
    }
}
