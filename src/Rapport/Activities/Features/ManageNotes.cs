using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Activities.Features;

/// <summary>
/// Notes on a contact or an account: Markdown with @mentions (<see cref="Mentions"/>). Each member a
/// note newly mentions — on create, or added by an edit — gets an in-app notification (kind
/// "mention") linking to the contact's or account's page, else the first other target's (a deal's, a lead's); whoever writes the mention is not notified of themself.
/// </summary>
public sealed class ManageNotes(RapportDb db, RequestContext ctx, ActivityAccess access, ActivityTargets targets, Records.RecordTypes types)
{
    public sealed record Request(Guid? ContactId = null, Guid? AccountId = null, string? Body = null, List<TargetRef>? Targets = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        /// <param name="linkedElsewhere">The activity already targets other records (a deal, a lead), so it needs no contact or account.</param>
        public Validator(bool linkedElsewhere = false)
        {
            RuleFor(x => x.ContactId).NotNull().When(x => !linkedElsewhere && x.AccountId is null && (x.Targets is null || x.Targets.Count == 0))
                .WithMessage("Link the note to a contact, an account or another record (targets).");
            RuleFor(x => x.Body).NotEmpty().MaximumLength(20000);
        }
    }

    private static readonly IReadOnlySet<string> ReadOnlyFields =
        new HashSet<string> { "id", "mentions", "authorUserId", "createdAt", "updatedAt", "version" };

    public async Task<Page<NoteDto>> ListAsync(Guid? contactId, Guid? accountId, int? limit, string? cursor, CancellationToken ct,
        string? targetType = null, Guid? targetId = null)
    {
        await access.EnsureLinksVisibleAsync(contactId, accountId, ct);
        var q = await access.VisibleAsync(db.Notes.AsNoTracking(), ct);
        if (contactId is { } c) q = q.Where(n => n.ContactId == c);
        if (accountId is { } a) q = q.Where(n => n.AccountId == a);
        q = await targets.FilterAsync(q, ActivityTypes.Note, targetType, targetId, ct);
        var page = await Paging.NewestFirstAsync(q, limit, cursor, ct);
        var others = await targets.OthersAsync(ActivityTypes.Note, page.Items.Select(n => n.Id).ToList(), ct);
        return page.Map(n => NoteDto.From(n, others[n.Id]));
    }

    public async Task<NoteDto> GetAsync(Guid id, CancellationToken ct) => await DtoAsync(await FindAsync(id, ct), ct);

    private async Task<NoteDto> DtoAsync(Note n, CancellationToken ct) =>
        NoteDto.From(n, (await targets.OthersAsync(ActivityTypes.Note, [n.Id], ct))[n.Id]);

    private static void EnsureLinked(ActivityTargets.Links links, IReadOnlyCollection<Records.RecordRef> others)
    {
        if (links.ContactId is null && links.AccountId is null && others.Count == 0)
            throw new ValidationFailedException("contactId", "Link the note to a contact, an account or another record (targets).");
    }

    public async Task<NoteDto> CreateAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        new Validator().EnsureValid(r);
        var links = await targets.ResolveAsync(r.ContactId, r.AccountId, r.Targets, ct);
        var others = links.Others ?? [];
        EnsureLinked(links, others);
        await access.EnsureLinksVisibleAsync(links.ContactId, links.AccountId, ct);
        var now = db.Now;
        var note = new Note
        {
            WorkspaceId = ctx.WorkspaceId,
            ContactId = links.ContactId,
            AccountId = links.AccountId,
            Body = r.Body!,
            AuthorUserId = await access.ActingUserIdAsync(ct),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await SetMentionsAsync(note, [], others, ct);
        db.Notes.Add(note);
        await targets.SetAsync(ActivityTypes.Note, note.WorkspaceId, note.Id, others, ct);
        db.Publish(new NoteCreated(note.Id, note.ContactId, note.AccountId));
        await db.SaveChangesAsync(ct);
        return NoteDto.From(note, others);
    }

    /// <summary>A JSON merge patch (body, contactId, accountId); a stale <paramref name="ifMatchVersion"/> is a 412.</summary>
    public async Task<NoteDto> UpdateAsync(Guid id, JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var note = await FindAsync(id, ct);
        if (ifMatchVersion is { } v && v != note.Version) throw new PreconditionFailedException();
        var r = MergePatch.Apply(new Request(note.ContactId, note.AccountId, note.Body), patch, ReadOnlyFields);
        var existing = (await targets.OthersAsync(ActivityTypes.Note, [note.Id], ct))[note.Id].ToList();
        new Validator(linkedElsewhere: r.Targets is null && existing.Count > 0).EnsureValid(r);
        var links = await targets.ResolveAsync(r.Targets is null || patch.ContainsKey("contactId") ? r.ContactId : null,
            r.Targets is null || patch.ContainsKey("accountId") ? r.AccountId : null, r.Targets, ct);
        var others = links.Others ?? existing;
        EnsureLinked(links, others);
        await access.EnsureLinksVisibleAsync(links.ContactId != note.ContactId ? links.ContactId : null,
            links.AccountId != note.AccountId ? links.AccountId : null, ct);
        var before = Mentions.FromJson(note.Mentions);
        note.ContactId = links.ContactId;
        note.AccountId = links.AccountId;
        if (links.Others is not null) await targets.SetAsync(ActivityTypes.Note, note.WorkspaceId, note.Id, others, ct);
        if (note.Body != r.Body)
        {
            note.Body = r.Body!;
            await SetMentionsAsync(note, before, others, ct);
        }
        note.UpdatedAt = db.Now;
        await db.SaveChangesAsync(ct);
        return NoteDto.From(note, others);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var note = await FindAsync(id, ct);
        db.Notes.Remove(note);
        db.Publish(new NoteDeleted(note.Id));
        await db.SaveChangesAsync(ct);
    }

    private async Task<Note> FindAsync(Guid id, CancellationToken ct) =>
        await (await access.VisibleAsync(db.Notes, ct)).SingleOrDefaultAsync(n => n.Id == id, ct)
        ?? throw new NotFoundException("The note was not found.");

    /// <summary>Stores who the body mentions and notifies those not mentioned before (in the same transaction).</summary>
    private async Task SetMentionsAsync(Note note, IReadOnlyCollection<Guid> before, IReadOnlyList<Records.RecordRef> others, CancellationToken ct)
    {
        var mentioned = await Mentions.ResolveAsync(db, note.Body, ct);
        note.Mentions = Mentions.ToJson(mentioned.Select(m => m.UserId));
        // Whoever writes the mention (the author, or a later editor) is named, and is not notified of themself.
        var actor = await access.ActingUserIdAsync(ct);
        var fresh = mentioned.Where(m => !before.Contains(m.UserId) && m.UserId != actor).ToList();
        if (fresh.Count == 0) return;
        var actorName = actor is { } a ? await db.Users.Where(u => u.Id == a).Select(u => u.Name).SingleOrDefaultAsync(ct) : null;
        var title = actorName is null ? "You were mentioned in a note" : $"{actorName} mentioned you in a note";
        var body = ActivityAccess.Excerpt(Mentions.ToPlainText(note.Body), 300);
        foreach (var m in fresh)
        {
            db.Notifications.Add(new Notification
            {
                WorkspaceId = note.WorkspaceId,
                UserId = m.UserId,
                Kind = NotificationKinds.Mention,
                Title = title.Length <= 300 ? title : title[..300],
                Body = body,
                Link = access.PageOf(note.ContactId, note.AccountId, others, types),
                RecordId = note.Id,
                CreatedAt = db.Now,
            });
        }
    }
}
