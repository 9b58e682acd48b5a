using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Imports;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Imports;

/// <summary>
/// Issue 11: after a crash an import stayed "running" for 15 minutes and could not be undone meanwhile. An import
/// records the process that runs it; a restarted server fails at once what its predecessor left running (and deletes
/// the file), while an import of a live process on the machine (a CLI import) is left alone.
/// </summary>
public class InterruptedImportTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_restarted_server_fails_at_once_the_import_its_predecessor_left_running_and_deletes_its_file(DatabaseProvider provider)
    {
        await using var db = TestDatabase.Create(provider);
        var folder = Directory.CreateTempSubdirectory("rapport-interrupted-");
        using var live = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!; // a CLI import still at work
        try
        {
            var settings = new Dictionary<string, string?> { ["Imports:Directory"] = folder.FullName, ["Imports:PollIntervalMs"] = "200" };
            RapportApp.SignedUp owner;
            Guid crashedId, liveId;
            var crashedFile = Path.Combine(folder.FullName, "crashed.csv");
            await using (var first = new RapportApp(db, settings))
            {
                owner = await first.SignUpAsync("Acme");
                using var api = first.ApiClient(owner.ApiKey);
                var report = await api.ImportAsync("First name,E-mail\nAda,ada@example.com\nAlan,alan@example.com\n");
                report.Counts().ShouldBe((2, 0, 0, 0));
                crashedId = Guid.Parse(report.GetProperty("id").GetString()!);
                await File.WriteAllTextAsync(crashedFile, "First name,E-mail\n");
                var self = first.Services.GetRequiredService<ImportInstance>();
                liveId = await first.InWorkspaceAsync(owner.WorkspaceId, async sp =>
                {
                    var rdb = sp.GetRequiredService<RapportDb>();
                    var now = rdb.Now;
                    // As if this server had died after the first chunk: still running, claimed by this process, beating a moment ago.
                    await rdb.Imports.Where(i => i.Id == crashedId).ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.Status, ImportStatuses.Running).SetProperty(i => i.FinishedAt, (DateTime?)null)
                        .SetProperty(i => i.HeartbeatAt, now).SetProperty(i => i.RunningOn, self.Name).SetProperty(i => i.FilePath, crashedFile));
                    var running = new ImportJob
                    {
                        WorkspaceId = owner.WorkspaceId, Entity = "contact", FileName = "cli.csv", FilePath = Path.Combine(folder.FullName, "cli.csv"),
                        MatchOn = "email", CreatedAt = now, StartedAt = now, HeartbeatAt = now, Status = ImportStatuses.Running,
                        RunningOn = $"{self.Machine}/{live.Id}/{Guid.NewGuid():N}",
                    };
                    rdb.Imports.Add(running);
                    await rdb.SaveChangesAsync();
                    return running.Id;
                });
                // This server's own import is running, not orphaned.
                (await ImportWorker.FailOrphanedAsync(first.Services.GetRequiredService<IServiceScopeFactory>(), first.Clock, self, default)).ShouldBe(0);
                (await api.PostAsync($"/api/v1/imports/{crashedId}/undo", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict); // still "running"
            }

            // The restart: the same process id (pid 1 in a container), a new instance; no 15 minutes go by.
            await using var second = new RapportApp(db, settings);
            using var api2 = second.ApiClient(owner.ApiKey);
            var until = DateTime.UtcNow.AddSeconds(30);
            string? status;
            while ((status = (await (await api2.GetAsync($"/api/v1/imports/{crashedId}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("status").GetString()) == "running"
                && DateTime.UtcNow < until)
                await Task.Delay(100);
            var failed = await (await api2.GetAsync($"/api/v1/imports/{crashedId}")).ShouldBeAsync(HttpStatusCode.OK);
            failed.GetProperty("status").GetString().ShouldBe("failed");
            failed.GetProperty("failure").GetString()!.ShouldContain("interrupted");
            failed.GetProperty("canUndo").GetBoolean().ShouldBeTrue();
            File.Exists(crashedFile).ShouldBeFalse();
            // The live process's import is left to it (and to the 15-minute rule).
            (await (await api2.GetAsync($"/api/v1/imports/{liveId}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("running");

            await (await api2.PostAsync($"/api/v1/imports/{crashedId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
            (await api2.ContactsAsync()).Count.ShouldBe(0);
        }
        finally
        {
            live.Kill();
            folder.Delete(recursive: true);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_file_of_a_failed_or_undone_import_is_deleted(DatabaseProvider provider)
    {
        var folder = Directory.CreateTempSubdirectory("rapport-files-");
        try
        {
            await using var app = new RapportApp(provider, new() { ["Imports:Directory"] = folder.FullName });
            var owner = await app.SignUpAsync("Acme");
            using var api = app.ApiClient(owner.ApiKey);
            // Fails in the worker (a row past the first ones is too long): its file goes with it.
            var rows = string.Concat(Enumerable.Range(0, 6).Select(i => $"P{i},p{i}@example.com\n"));
            var failed = await api.ImportAsync($"First name,E-mail\n{rows}\"{new string('x', 2 * 1024 * 1024)}\n");
            failed.GetProperty("status").GetString().ShouldBe("failed");
            folder.GetFiles().ShouldBeEmpty();

            // A completed dry run keeps its file for "Import for real".
            var dry = await api.ImportAsync("First name,E-mail\nAda,ada@example.com\n", fields: new() { ["dryRun"] = "true" });
            dry.GetProperty("status").GetString().ShouldBe("completed");
            var dryFile = folder.GetFiles().ShouldHaveSingleItem();

            // An import failed with its file still there (as an earlier version left them): undo deletes it.
            var done = await api.ImportAsync("First name,E-mail\nAda,ada@example.com\n");
            var doneId = Guid.Parse(done.GetProperty("id").GetString()!);
            var leftOver = Path.Combine(folder.FullName, "left-over.csv");
            await File.WriteAllTextAsync(leftOver, "First name,E-mail\n");
            await app.InWorkspaceAsync(owner.WorkspaceId, sp => sp.GetRequiredService<RapportDb>().Imports.Where(i => i.Id == doneId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatuses.Failed).SetProperty(i => i.FilePath, leftOver)));
            await (await api.PostAsync($"/api/v1/imports/{doneId}/undo", null)).ShouldBeAsync(HttpStatusCode.OK);
            File.Exists(leftOver).ShouldBeFalse();
            folder.GetFiles().ShouldHaveSingleItem().Name.ShouldBe(dryFile.Name); // the dry run's, still waiting
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void An_instance_knows_which_imports_on_its_machine_lost_their_process()
    {
        var id = Guid.NewGuid();
        var me = new ImportInstance("host", 1, id, pid => pid == 42);
        me.HasStopped($"host/1/{id:N}").ShouldBeFalse();                // this process, running it
        me.HasStopped($"host/1/{Guid.NewGuid():N}").ShouldBeTrue();     // the process before a restart, same pid
        me.HasStopped($"host/42/{Guid.NewGuid():N}").ShouldBeFalse();   // a live process (a CLI import)
        me.HasStopped($"host/43/{Guid.NewGuid():N}").ShouldBeTrue();    // a process that is gone
        me.HasStopped($"other/43/{Guid.NewGuid():N}").ShouldBeFalse();  // another machine: the 15-minute rule
        me.HasStopped(null).ShouldBeFalse();                            // claimed before 0013
        me.HasStopped("garbage").ShouldBeFalse();
    }
}
