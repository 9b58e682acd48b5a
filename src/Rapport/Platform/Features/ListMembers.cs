using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>The workspace's people, newest first.</summary>
public sealed class ListMembers(RapportDb db)
{
    public async Task<Page<MemberDto>> HandleAsync(int? limit, string? cursor, CancellationToken ct)
    {
        var page = await Paging.NewestFirstAsync(db.Memberships.Include(m => m.User), limit, cursor, ct);
        return page.Map(MemberDto.From);
    }
}
