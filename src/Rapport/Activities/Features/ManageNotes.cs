using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Activities.Features;

/// <summary>
/// Notes on a contact or an account: Markdown with @mentions (<see cref="Mentions"/>). Each member a
/// note newly mentions — on create, or added by an edit — gets an in-app notification (kind
/// "mention") linking to the contact's or account's page; whoever writes the mention is not notified of themself.
/// </summary>
public sealed class ManageNotes(RapportDb db, RequestContext ctx, ActivityAccess access)
{
    public sealed record Request(Guid? ContactId = null, Guid? AccountId = null, string? Body = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.ContactId).NotNull().When(x => x.AccountId is null).WithMessage("Link the note to a contact or an account (or both).");
            RuleFor(x => x.Body).NotEmpty().MaximumLength(20000);
        }
    }

    private static readonly IReadOnlySet<string> ReadOnlyFields =
        new HashSet<string> { "id", "mentions", "authorUserId", "createdAt", "updatedAt", "version" };

    public async Task<Page<NoteDto>> ListAsync(Guid? contactId, Guid? accountId, int? limit, string? cursor, CancellationToken ct)
    {
        await access.EnsureLinksVisibleAsync(contactId, accountId, ct);
        var q = await access.VisibleAsync(db.Notes.AsNoTracking(), ct);
        if (contactId is { } c) q = q.Where(n => n.ContactId == c);
        if (accountId is { } a) q = q.Where(n => n.AccountId == a);
        return (await Paging.NewestFirstAsync(q, limit, cursor, ct)).Map(NoteDto.From);
    }

    public async Task<NoteDto> GetAsync(Guid id, CancellationToken ct) => NoteDto.From(await FindAsync(id, ct));

    public async Task<NoteDto> CreateAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        new Validator().EnsureValid(r);
        await access.EnsureLinksVisibleAsync(r.ContactId, r.AccountId, ct);
        var now = db.Now;
        var note = new Note
        {
            WorkspaceId = ctx.WorkspaceId,
            ContactId = r.ContactId,
            AccountId = r.AccountId,
            Body = r.Body!,
            AuthorUserId = await access.ActingUserIdAsync(ct),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await SetMentionsAsync(note, [], ct);
        db.Notes.Add(note);
        db.Publish(new NoteCreated(note.Id, note.ContactId, note.AccountId));
        await db.SaveChangesAsync(ct);
        return NoteDto.From(note);
    }

    /// <summary>A JSON merge patch (body, contactId, accountId); a stale <paramref name="ifMatchVersion"/> is a 412.</summary>
    public async Task<NoteDto> UpdateAsync(Guid id, JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var note = await FindAsync(id, ct);
        if (ifMatchVersion is { } v && v != note.Version) throw new PreconditionFailedException();
        var r = MergePatch.Apply(new Request(note.ContactId, note.AccountId, note.Body), patch, ReadOnlyFields);
        new Validator().EnsureValid(r);
        await access.EnsureLinksVisibleAsync(r.ContactId != note.ContactId ? r.ContactId : null,
            r.AccountId != note.AccountId ? r.AccountId : null, ct);
        var before = Mentions.FromJson(note.Mentions);
        note.ContactId = r.ContactId;
        note.AccountId = r.AccountId;
        if (note.Body != r.Body)
        {
            note.Body = r.Body!;
            await SetMentionsAsync(note, before, ct);
        }
        note.UpdatedAt = db.Now;
        await db.SaveChangesAsync(ct);
        return NoteDto.From(note);
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
    private async Task SetMentionsAsync(Note note, IReadOnlyCollection<Guid> before, CancellationToken ct)
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
                Link = ActivityAccess.PageOf(note.ContactId, note.AccountId),
                RecordId = note.Id,
                CreatedAt = db.Now,
            });
        }
    }
}
