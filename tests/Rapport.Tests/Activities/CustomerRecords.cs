using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Platform.Features;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Activities;

/// <summary>
/// Contacts, accounts and people for the activity tests. Contacts and accounts are written straight
/// through a RapportDb (as the system, in the workspace) until the contacts API exists; members are
/// added through the API, and a key acting for a member is made the way CreateApiKey makes one.
/// </summary>
public static class CustomerRecords
{
    public static Task<Guid> AddContactAsync(this RapportApp app, Guid workspaceId, string firstName = "Ada", string lastName = "Lovelace", Guid? ownerId = null) =>
        app.InWorkspaceAsync(workspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var c = new Contact { WorkspaceId = workspaceId, FirstName = firstName, LastName = lastName, OwnerId = ownerId, CreatedAt = db.Now, UpdatedAt = db.Now };
            db.Contacts.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });

    public static Task<Guid> AddAccountAsync(this RapportApp app, Guid workspaceId, string name = "Acme Ltd", Guid? ownerId = null) =>
        app.InWorkspaceAsync(workspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var a = new Account { WorkspaceId = workspaceId, Name = name, OwnerId = ownerId, CreatedAt = db.Now, UpdatedAt = db.Now };
            db.Accounts.Add(a);
            await db.SaveChangesAsync();
            return a.Id;
        });

    public static Task LinkAsync(this RapportApp app, Guid workspaceId, Guid contactId, Guid accountId, string role = "decisionMaker") =>
        app.InWorkspaceAsync(workspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            db.ContactAccounts.Add(new ContactAccount { WorkspaceId = workspaceId, ContactId = contactId, AccountId = accountId, Role = role, CreatedAt = db.Now });
            return await db.SaveChangesAsync();
        });

    /// <summary>Changes a contact's fields as a user would (audited), and optionally its stage (with a stage history row).</summary>
    public static Task ChangeContactAsync(this RapportApp app, Guid workspaceId, Guid contactId, Action<Contact> change, string? newStage = null) =>
        app.InWorkspaceAsync(workspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var c = await db.Contacts.SingleAsync(x => x.Id == contactId);
            change(c);
            if (newStage is not null)
            {
                db.LifecycleStageChanges.Add(new LifecycleStageChange { WorkspaceId = workspaceId, ContactId = contactId, FromStage = c.LifecycleStage, ToStage = newStage, ChangedAt = db.Now.AddMilliseconds(-1) });
                c.LifecycleStage = newStage;
            }
            c.UpdatedAt = db.Now;
            return await db.SaveChangesAsync();
        });

    public sealed record Member(Guid UserId, string Email, string ApiKey);

    /// <summary>Adds a member through the API and returns a key that acts for them with their role.</summary>
    public static async Task<Member> AddMemberAsync(this RapportApp app, HttpClient admin, Guid workspaceId, string role = "sales", string? teamId = null, string? name = null)
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        var created = await (await admin.PostJsonAsync("/api/v1/users", new { email, name = name ?? "Mia Member", role, password = "correct horse battery", teamId }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var userId = Guid.Parse(created.GetProperty("id").GetString()!);
        return new Member(userId, email, await app.KeyForAsync(workspaceId, userId, role));
    }

    public static Task<string> KeyForAsync(this RapportApp app, Guid workspaceId, Guid userId, string role) =>
        app.InWorkspaceAsync(workspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var (apiKey, key) = CreateApiKey.NewKey(workspaceId, $"key of {userId}", role, userId, db.Now);
            db.ApiKeys.Add(apiKey);
            await db.SaveChangesAsync();
            return key;
        });

    public static async Task<string> IdOf(this Task<HttpResponseMessage> response, HttpStatusCode status = HttpStatusCode.Created) =>
        (await (await response).ShouldBeAsync(status)).GetProperty("id").GetString()!;
}
