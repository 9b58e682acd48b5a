using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>Teams: list, create, rename, delete (to the trash; members keep their place and lose the team link).</summary>
public sealed class ManageTeams(RapportDb db, RequestContext ctx)
{
    public sealed record Request(string? Name);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
    }

    public async Task<Page<TeamDto>> ListAsync(int? limit, string? cursor, CancellationToken ct) =>
        (await Paging.NewestFirstAsync(db.Teams, limit, cursor, ct)).Map(TeamDto.From);

    public async Task<TeamDto> GetAsync(Guid id, CancellationToken ct) => TeamDto.From(await FindAsync(id, ct));

    public async Task<TeamDto> CreateAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        new Validator().EnsureValid(r);
        await EnsureUniqueAsync(r.Name!.Trim(), null, ct);
        var team = new Team { WorkspaceId = ctx.WorkspaceId, Name = r.Name.Trim(), CreatedAt = db.Now };
        db.Teams.Add(team);
        db.Publish(new TeamCreated(team.Id, team.Name));
        await db.SaveChangesAsync(ct);
        return TeamDto.From(team);
    }

    /// <summary>Renames; with <paramref name="ifMatchVersion"/>, a team changed since then is a 412.</summary>
    public async Task<TeamDto> RenameAsync(Guid id, Request r, CancellationToken ct, long? ifMatchVersion = null)
    {
        ctx.EnsureAdmin();
        var team = await FindAsync(id, ct);
        if (ifMatchVersion is { } v && v != team.Version) throw new PreconditionFailedException();
        new Validator().EnsureValid(r);
        await EnsureUniqueAsync(r.Name!.Trim(), id, ct);
        team.Name = r.Name.Trim();
        await db.SaveChangesAsync(ct);
        return TeamDto.From(team);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var team = await FindAsync(id, ct);
        db.Teams.Remove(team);
        db.Publish(new TeamDeleted(team.Id));
        await db.SaveChangesAsync(ct);
    }

    private async Task<Team> FindAsync(Guid id, CancellationToken ct) =>
        await db.Teams.SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("The team was not found.");

    private async Task EnsureUniqueAsync(string name, Guid? except, CancellationToken ct)
    {
        var lower = name.ToLower();
        if (await db.Teams.AnyAsync(t => t.Name.ToLower() == lower && t.Id != except, ct))
            throw new ValidationFailedException("name", "A team with this name exists already.");
    }
}
