using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// Changes a member's role or team, or deactivates / reactivates them. A deactivated member cannot
/// sign in here and their cookie stops working at the next request; their records stay. The last
/// active owner can be neither demoted nor deactivated.
/// </summary>
public sealed class UpdateMember(RapportDb db, RequestContext ctx)
{
    public sealed record Request(string? Role = null, Guid? TeamId = null, bool ClearTeam = false, bool? Active = null);

    public async Task<MemberDto> HandleAsync(Guid userId, Request r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var m = await db.Memberships.Include(x => x.User).SingleOrDefaultAsync(x => x.UserId == userId, ct)
            ?? throw new NotFoundException("The member was not found.");
        if (m.Role == Roles.Owner && ctx.Role != Roles.Owner)
            throw new ForbiddenException("Only owners may change an owner.");
        if (r.Role is not null)
        {
            if (!Roles.IsValid(r.Role)) throw new ValidationFailedException("role", $"Must be one of: {string.Join(", ", Roles.All)}.");
            AddUser.EnsureMayGrant(ctx, r.Role);
        }
        var losesOwner = m.Role == Roles.Owner && m.IsActive && ((r.Role is not null && r.Role != Roles.Owner) || r.Active == false);
        if (losesOwner && await db.Memberships.CountAsync(x => x.Role == Roles.Owner && x.DeactivatedAt == null, ct) <= 1)
            throw new ConflictException("A workspace needs at least one active owner: make someone else an owner first.");
        if (r.TeamId is { } teamId)
        {
            if (!await db.Teams.AnyAsync(t => t.Id == teamId, ct)) throw new ValidationFailedException("teamId", "No such team.");
            m.TeamId = teamId;
        }
        if (r.ClearTeam) m.TeamId = null;
        if (r.Role is not null) m.Role = r.Role;
        if (r.Active == false && m.IsActive) m.DeactivatedAt = db.Now;
        if (r.Active == true) m.DeactivatedAt = null;
        await db.SaveChangesAsync(ct);
        return MemberDto.From(m);
    }
}
