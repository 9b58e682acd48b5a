using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rapport.Activities.Features;

namespace Rapport.Activities;

/// <summary>
/// Turns due task reminders into notifications (<see cref="SendTaskReminders"/>) every
/// Reminders:PollIntervalSeconds (default 15); Reminders:Enabled=false switches it off. A full batch
/// is followed at once by the next.
/// </summary>
public sealed class TaskReminderWorker(SendTaskReminders reminders, IConfiguration config, ILogger<TaskReminderWorker> log) : BackgroundService
{
    public const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Reminders:Enabled", true)) return;
        var interval = TimeSpan.FromSeconds(config.GetValue("Reminders:PollIntervalSeconds", 15.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try { sent = await reminders.RunOnceAsync(Batch, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Task reminder pass failed"); }
            if (sent < Batch)
            {
                try { await Task.Delay(interval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
