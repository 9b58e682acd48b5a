using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;

namespace Rapport.Web.Customers;

/// <summary>A list's saved views as tabs: mine and the shared ones, each a URL, the one matching the current state marked active.</summary>
public sealed class SavedViewsForLists(ManageSavedViews views, CustomerAccess access, RequestContext ctx)
{
    public async Task<IReadOnlyList<SavedViewTab>> TabsAsync(ListEntity entity, ListState state, CancellationToken ct)
    {
        var me = await access.ActingUserIdAsync(ct);
        var list = await views.ListAsync(entity.Name, ct);
        var canWrite = Roles.CanWrite(ctx.Role);
        return list.Select(v => new SavedViewTab(v.Id, v.Name, v.Shared, v.OwnerUserId == me,
            canWrite && (v.OwnerUserId == me || Roles.IsAdmin(ctx.Role)), Url(entity, v), state.SameView(v.Query, v.Columns))).ToList();
    }

    public static string Url(ListEntity entity, ManageSavedViews.Dto v)
    {
        var query = v.Query;
        if (v.Columns.Count > 0) query += (query.Length > 0 ? "&" : "") + "columns=" + Uri.EscapeDataString(string.Join(',', v.Columns));
        return query.Length == 0 ? entity.Path : $"{entity.Path}?{query}";
    }
}
