using Microsoft.EntityFrameworkCore;
using Rapport.Common;

namespace Rapport.Customers;

/// <summary>
/// Detection on create: a new contact whose e-mails or phones (any of them) equal an existing
/// contact's primary e-mail or phone (the indexed columns), or a new account with an existing
/// account's domain, is refused with a 409 naming the existing ids, unless the caller says
/// allowDuplicate. Only records in the caller's sight and not in the trash count: a 409 naming a
/// record the caller may not see would reveal it. A duplicate out of sight is left to the
/// workspace-wide scan, which an admin (who sees everything) runs.
/// </summary>
public sealed class DuplicateCheck(CustomerAccess access)
{
    public const int MaxReported = 10;

    /// <summary>Whether a 409 came from this check (and allowDuplicate would let the record through), not from a unique custom field.</summary>
    public static bool IsOverridable(ConflictException e) => e.Data.Contains(Overridable);
    private const string Overridable = "Rapport.Duplicates.AllowDuplicate";

    private static ConflictException Duplicate(string message, List<Guid> ids)
    {
        var e = new ConflictException(message, ids);
        e.Data[Overridable] = true;
        return e;
    }

    public async Task EnsureNoDuplicateAsync(Contact c, CancellationToken ct)
    {
        var emails = (ContactDto.Read<List<EmailAddress>>(c.Emails) ?? []).Select(e => e.Address).Distinct().ToList();
        var phones = (ContactDto.Read<List<PhoneNumber>>(c.Phones) ?? []).Select(p => p.Number).Distinct().ToList();
        if (emails.Count == 0 && phones.Count == 0) return;
        var id = c.Id;
        var q = (await access.ContactsAsync(ct)).Where(x => x.Id != id && x.ErasedAt == null);
        var byEmail = emails.Count == 0 ? [] : await q.Where(x => x.Email != null && emails.Contains(x.Email)).Select(x => x.Id).Take(MaxReported).ToListAsync(ct);
        var byPhone = phones.Count == 0 ? [] : await q.Where(x => x.Phone != null && phones.Contains(x.Phone)).Select(x => x.Id).Take(MaxReported).ToListAsync(ct);
        var ids = byEmail.Concat(byPhone).Distinct().Take(MaxReported).ToList();
        if (ids.Count > 0)
            throw Duplicate(byEmail.Count > 0
                ? "A contact with this e-mail address already exists. Merge them, or create it anyway with allowDuplicate=true."
                : "A contact with this phone number already exists. Merge them, or create it anyway with allowDuplicate=true.", ids);
    }

    public async Task EnsureNoDuplicateAsync(Account a, CancellationToken ct)
    {
        if (a.Domain is not { } domain) return;
        var id = a.Id;
        var ids = await (await access.AccountsAsync(ct)).Where(x => x.Id != id && x.Domain == domain).Select(x => x.Id).Take(MaxReported).ToListAsync(ct);
        if (ids.Count > 0)
            throw Duplicate("An account with this domain already exists. Merge them, or create it anyway with allowDuplicate=true.", ids);
    }
}
