using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Activities.Features;

/// <summary>
/// Interactions on every channel: list (by contact, account, channel), read, log, change (merge
/// patch, If-Match), delete (to the trash). Linked to a contact and/or an account, both in sight.
/// </summary>
public sealed class ManageInteractions(RapportDb db, RequestContext ctx, ActivityAccess access, ActivityTargets targets)
{
    public sealed record Request(Guid? ContactId = null, Guid? AccountId = null, string? Channel = null, string? Direction = null,
        DateTime? OccurredAt = null, int? DurationSeconds = null, string? Subject = null, string? Body = null, string? Outcome = null,
        List<Participant>? Participants = null, List<TargetRef>? Targets = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        /// <param name="linkedElsewhere">The activity already targets other records (a deal, a lead), so it needs no contact or account.</param>
        public Validator(bool linkedElsewhere = false)
        {
            RuleFor(x => x.ContactId).NotNull().When(x => !linkedElsewhere && x.AccountId is null && (x.Targets is null || x.Targets.Count == 0))
                .WithMessage("Link the interaction to a contact, an account or another record (targets).");
            RuleFor(x => x.Channel).NotEmpty().Must(c => InteractionChannels.All.Contains(c))
                .WithMessage($"Must be one of: {string.Join(", ", InteractionChannels.All)}.");
            RuleFor(x => x.Direction).NotEmpty().Must(d => InteractionChannels.Directions.Contains(d))
                .WithMessage($"Must be one of: {string.Join(", ", InteractionChannels.Directions)}.");
            RuleFor(x => x.OccurredAt).NotNull();
            RuleFor(x => x.DurationSeconds).InclusiveBetween(0, 7 * 24 * 3600);
            RuleFor(x => x.Subject).MaximumLength(300);
            RuleFor(x => x.Body).MaximumLength(100_000);
            RuleFor(x => x.Outcome).MaximumLength(200);
            RuleFor(x => x.Participants).Must(p => p is null || p.Count <= 100).WithMessage("At most 100 participants.");
            RuleForEach(x => x.Participants)
                .Must(p => p is not null && (p.UserId is not null || p.ContactId is not null || !string.IsNullOrWhiteSpace(p.Name) || !string.IsNullOrWhiteSpace(p.Email)))
                .WithMessage("Give a userId, a contactId, a name or an email.")
                .ChildRules(p =>
                {
                    p.RuleFor(x => x.Name).MaximumLength(200);
                    p.RuleFor(x => x.Email).MaximumLength(320).EmailAddress();
                });
        }
    }

    private static readonly IReadOnlySet<string> ReadOnlyFields =
        new HashSet<string> { "id", "createdByUserId", "createdAt", "updatedAt", "version" };

    public async Task<Page<InteractionDto>> ListAsync(Guid? contactId, Guid? accountId, string? channel, int? limit, string? cursor, CancellationToken ct,
        string? targetType = null, Guid? targetId = null)
    {
        if (channel is not null && !InteractionChannels.All.Contains(channel))
            throw new ValidationFailedException("channel", $"Must be one of: {string.Join(", ", InteractionChannels.All)}.");
        await access.EnsureLinksVisibleAsync(contactId, accountId, ct);
        var q = await access.VisibleAsync(db.Interactions.AsNoTracking(), ct);
        if (contactId is { } c) q = q.Where(i => i.ContactId == c);
        if (accountId is { } a) q = q.Where(i => i.AccountId == a);
        if (channel is not null) q = q.Where(i => i.Channel == channel);
        q = await targets.FilterAsync(q, ActivityTypes.Interaction, targetType, targetId, ct);
        var page = await Paging.NewestFirstAsync(q, limit, cursor, ct);
        var others = await targets.OthersAsync(ActivityTypes.Interaction, page.Items.Select(i => i.Id).ToList(), ct);
        return page.Map(i => InteractionDto.From(i, others[i.Id]));
    }

    public async Task<InteractionDto> GetAsync(Guid id, CancellationToken ct)
    {
        var i = await FindAsync(id, ct);
        return InteractionDto.From(i, (await targets.OthersAsync(ActivityTypes.Interaction, [i.Id], ct))[i.Id]);
    }

    private static void EnsureLinked(ActivityTargets.Links links, IReadOnlyCollection<Records.RecordRef> others)
    {
        if (links.ContactId is null && links.AccountId is null && others.Count == 0)
            throw new ValidationFailedException("contactId", "Link the interaction to a contact, an account or another record (targets).");
    }

    public async Task<InteractionDto> CreateAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        r = Normalize(r with { OccurredAt = r.OccurredAt ?? db.Now });
        new Validator().EnsureValid(r);
        var links = await targets.ResolveAsync(r.ContactId, r.AccountId, r.Targets, ct);
        var others = links.Others ?? [];
        EnsureLinked(links, others);
        r = r with { ContactId = links.ContactId, AccountId = links.AccountId };
        await access.EnsureLinksVisibleAsync(r.ContactId, r.AccountId, ct);
        await EnsureParticipantsExistAsync(r.Participants, ct);
        var now = db.Now;
        var interaction = new Interaction
        {
            WorkspaceId = ctx.WorkspaceId,
            CreatedByUserId = await access.ActingUserIdAsync(ct),
            CreatedAt = now,
        };
        Apply(interaction, r, now);
        db.Interactions.Add(interaction);
        await targets.SetAsync(ActivityTypes.Interaction, interaction.WorkspaceId, interaction.Id, others, ct);
        db.Publish(new InteractionCreated(interaction.Id, interaction.ContactId, interaction.AccountId, interaction.Channel));
        await db.SaveChangesAsync(ct);
        return InteractionDto.From(interaction, others);
    }

    /// <summary>A JSON merge patch; with <paramref name="ifMatchVersion"/>, an interaction changed since then is a 412.</summary>
    public async Task<InteractionDto> UpdateAsync(Guid id, JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var interaction = await FindAsync(id, ct);
        if (ifMatchVersion is { } v && v != interaction.Version) throw new PreconditionFailedException();
        var current = new Request(interaction.ContactId, interaction.AccountId, interaction.Channel, interaction.Direction, interaction.OccurredAt,
            interaction.DurationSeconds, interaction.Subject, interaction.Body, interaction.Outcome, Participant.FromJson(interaction.Participants));
        var r = Normalize(MergePatch.Apply(current, patch, ReadOnlyFields));
        var existing = (await targets.OthersAsync(ActivityTypes.Interaction, [interaction.Id], ct))[interaction.Id].ToList();
        new Validator(linkedElsewhere: r.Targets is null && existing.Count > 0).EnsureValid(r);
        var links = await targets.ResolveAsync(r.Targets is null || patch.ContainsKey("contactId") ? r.ContactId : null,
            r.Targets is null || patch.ContainsKey("accountId") ? r.AccountId : null, r.Targets, ct);
        var others = links.Others ?? existing;
        EnsureLinked(links, others);
        r = r with { ContactId = links.ContactId, AccountId = links.AccountId };
        if (links.Others is not null) await targets.SetAsync(ActivityTypes.Interaction, interaction.WorkspaceId, interaction.Id, others, ct);
        if (r.ContactId != interaction.ContactId || r.AccountId != interaction.AccountId)
            await access.EnsureLinksVisibleAsync(r.ContactId != interaction.ContactId ? r.ContactId : null,
                r.AccountId != interaction.AccountId ? r.AccountId : null, ct);
        if (patch.ContainsKey("participants")) await EnsureParticipantsExistAsync(r.Participants, ct);
        Apply(interaction, r, db.Now);
        await db.SaveChangesAsync(ct);
        return InteractionDto.From(interaction, others);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var interaction = await FindAsync(id, ct);
        db.Interactions.Remove(interaction);
        db.Publish(new InteractionDeleted(interaction.Id));
        await db.SaveChangesAsync(ct);
    }

    private async Task<Interaction> FindAsync(Guid id, CancellationToken ct) =>
        await (await access.VisibleAsync(db.Interactions, ct)).SingleOrDefaultAsync(i => i.Id == id, ct)
        ?? throw new NotFoundException("The interaction was not found.");

    private static Request Normalize(Request r) => r with
    {
        OccurredAt = Times.Utc(r.OccurredAt),
        Subject = r.Subject?.Trim(),
        Outcome = string.IsNullOrWhiteSpace(r.Outcome) ? null : r.Outcome.Trim(),
        Participants = r.Participants?.Select(p => p is null ? p! : p with
        {
            Name = string.IsNullOrWhiteSpace(p.Name) ? null : p.Name.Trim(),
            Email = string.IsNullOrWhiteSpace(p.Email) ? null : p.Email.Trim().ToLowerInvariant(),
        }).ToList(),
    };

    private static void Apply(Interaction i, Request r, DateTime now)
    {
        i.ContactId = r.ContactId;
        i.AccountId = r.AccountId;
        i.Channel = r.Channel!;
        i.Direction = r.Direction!;
        i.OccurredAt = r.OccurredAt!.Value;
        i.DurationSeconds = r.DurationSeconds;
        i.Subject = r.Subject ?? "";
        i.Body = r.Body;
        i.Outcome = r.Outcome;
        i.Participants = Participant.ToJson(r.Participants);
        i.UpdatedAt = now;
    }

    /// <summary>A participant's member or contact must exist in this workspace (a contact also in sight).</summary>
    private async Task EnsureParticipantsExistAsync(List<Participant>? participants, CancellationToken ct)
    {
        if (participants is null || participants.Count == 0) return;
        var userIds = participants.Where(p => p.UserId is not null).Select(p => p.UserId!.Value).Distinct().ToArray();
        var contactIds = participants.Where(p => p.ContactId is not null).Select(p => p.ContactId!.Value).Distinct().ToArray();
        var members = userIds.Length == 0 ? [] : await db.Memberships.Where(m => userIds.Contains(m.UserId)).Select(m => m.UserId).ToListAsync(ct);
        var contacts = contactIds.Length == 0 ? [] : await (await access.VisibleContactsAsync(ct)).Where(c => contactIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var errors = new Dictionary<string, string[]>();
        for (var n = 0; n < participants.Count; n++)
        {
            if (participants[n].UserId is { } u && !members.Contains(u)) errors[$"participants[{n}].userId"] = ["No such member."];
            if (participants[n].ContactId is { } c && !contacts.Contains(c)) errors[$"participants[{n}].contactId"] = ["No such contact."];
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }
}
