using Microsoft.EntityFrameworkCore;
using Rapport.Activities;
using Rapport.Activities.Features;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

/// <summary>
/// Follow-up rules: when a deal enters a stage, each of the stage's rules creates a task (through
/// Activities' <see cref="ManageTasks"/>) for the deal's owner, due N days later, linked to the deal's
/// primary contact and account, with the deal as a target (Activities' <c>activity_targets</c>) — in the same transaction as the move.
/// </summary>
public sealed class StageFollowUps(RapportDb db, ManageTasks tasks)
{
    /// <summary>Saves the deal and, when it entered a stage, creates that stage's follow-up tasks, all in one transaction.</summary>
    public async Task SaveWithFollowUpsAsync(Deal deal, PipelineStage? entered, CancellationToken ct)
    {
        if (entered is null)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var rules = await db.StageRules.AsNoTracking().Where(r => r.StageId == entered.Id).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        if (rules.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
            var contactId = deal.Contacts.OrderBy(c => c.Position).Select(c => (Guid?)c.ContactId).FirstOrDefault();
            foreach (var rule in rules)
            {
                var title = $"{rule.TaskTitle} — {deal.Name}";
                if (title.Length > 300) title = title[..299] + "…";
                var request = new ManageTasks.Request(Title: title, Description: $"Follow-up of the deal \"{deal.Name}\" entering {entered.Name}.",
                    DueAt: deal.StageEnteredAt.AddDays(rule.DueInDays), AssigneeId: deal.OwnerId, ContactId: contactId, AccountId: deal.AccountId,
                    Targets: [new TargetRef(DealAccess.RecordType, deal.Id)]);
                TaskDto task;
                try { task = await tasks.CreateAsync(request, ct); }
                catch (DomainException e) when (e is ValidationFailedException or NotFoundException)
                {
                    // The owner left, or a linked record is out of the mover's sight: still create the task, for the mover, unlinked.
                    task = await tasks.CreateAsync(request with { AssigneeId = null, ContactId = null, AccountId = null }, ct);
                }
            }
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }
}
