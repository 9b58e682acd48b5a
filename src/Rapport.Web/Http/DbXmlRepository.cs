using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Rapport.Data;

namespace Rapport.Web.Http;

/// <summary>
/// Data-protection keys in the database, so sign-in cookies and antiforgery tokens survive restarts
/// and work on every instance. (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore is not in
/// the package source here; this is its 20-line equivalent.)
/// </summary>
public sealed class DbXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        return db.DataProtectionKeys.OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
