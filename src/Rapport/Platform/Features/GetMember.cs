using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

public sealed class GetMember(RapportDb db)
{
    public async Task<MemberDto> HandleAsync(Guid userId, CancellationToken ct) =>
        MemberDto.From(await db.Memberships.Include(m => m.User).AsNoTracking().SingleOrDefaultAsync(m => m.UserId == userId, ct)
            ?? throw new NotFoundException("The member was not found."));
}
