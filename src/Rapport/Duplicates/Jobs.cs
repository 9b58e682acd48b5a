using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rapport.Duplicates.Features;

namespace Rapport.Duplicates;

/// <summary>
/// Runs requested duplicate scans (<see cref="RunDuplicateScan"/>), polling every
/// Duplicates:PollIntervalMs (default 1000); Duplicates:Enabled=false switches it off. A scan is
/// claimed with a lease, so with several instances one runs it, and a crashed one's scan is taken over.
/// </summary>
public sealed class DuplicateScanWorker(RunDuplicateScan scans, IConfiguration config, ILogger<DuplicateScanWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Duplicates:Enabled", true)) return;
        var interval = TimeSpan.FromMilliseconds(config.GetValue("Duplicates:PollIntervalMs", 1000));
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = false;
            try { ran = await scans.RunNextAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Duplicate scan pass failed"); }
            if (!ran)
            {
                try { await Task.Delay(interval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
