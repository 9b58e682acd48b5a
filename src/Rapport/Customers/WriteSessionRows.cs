using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers;

/// <summary>The rows the contact writer produces besides the contact: added to the context, or held by a bulk session.</summary>
internal static class WriteSessionRows
{
    public static void Add(this WriteSession session, RapportDb db, LifecycleStageChange change)
    {
        if (session.Bulk) session.Pending.Add(change);
        else db.LifecycleStageChanges.Add(change);
    }

    public static void Add(this WriteSession session, RapportDb db, ConsentEvent e)
    {
        if (session.Bulk) session.Pending.Add(e);
        else db.ConsentEvents.Add(e);
    }
}
