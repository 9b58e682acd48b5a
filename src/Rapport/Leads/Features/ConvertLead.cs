using Rapport.Records;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Data;
using Rapport.Sales.Features;

namespace Rapport.Leads.Features;

/// <summary>
/// Converts a lead (any status but disqualified or converted: 409) into a contact — the existing
/// contact with the same e-mail when there is one — and an account — matched by domain (the
/// website's, else the e-mail's unless it is a free-mail provider), then by name, else created —
/// and optionally a deal (Sales' CreateDeal; the first pipeline unless pipelineId names one), all
/// through their own modules' handlers, in one transaction. The lead becomes <c>converted</c> and keeps the links; its submissions and events move onto the contact's
/// timeline; consent it carried goes to the contact's consent ledger; the <see cref="IConversionParticipant"/>s (Activities)
/// link what other modules hang off the lead — its notes, tasks, interactions — to the contact and the account.
/// </summary>
public sealed class ConvertLead(RapportDb db, RequestContext ctx, LeadAccess access, CreateContact createContact, UpdateContact updateContact,
    GetContact getContact, CreateAccount createAccount, CreateDeal createDeal, IEnumerable<IConversionParticipant> participants)
{
    public sealed record Request(bool? CreateDeal, Guid? PipelineId, string? DealName, decimal? Amount);
    public sealed record Result(Guid ContactId, Guid? AccountId, Guid? DealId, bool ContactExisted, bool AccountExisted);

    private static readonly HashSet<string> FreeMail =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "hotmail.com", "hotmail.fr", "outlook.com", "live.com", "msn.com", "aol.com",
        "icloud.com", "me.com", "mail.com", "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "orange.fr", "free.fr", "laposte.net",
    ];

    public async Task<Result> HandleAsync(Guid id, Request? request, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var lead = await access.FindAsync(id, ct);
        if (lead.Status == LeadStatuses.Converted) throw new ConflictException("The lead is already converted.");
        if (lead.Status == LeadStatuses.Disqualified) throw new ConflictException("A disqualified lead cannot be converted; requalify it first.");

        var wantsDeal = request?.CreateDeal == true;
        var e = new FieldErrors();
        var dealName = request?.DealName?.Trim();
        if (dealName is { Length: > 200 }) e.Add("dealName", "Must be at most 200 characters.");
        if (request?.Amount is { } amount && (amount < 0 || amount > 1_000_000_000_000m)) e.Add("amount", "Must be from 0 to 1,000,000,000,000.");
        if (!wantsDeal && (request?.PipelineId is not null || dealName is not null || request?.Amount is not null))
            e.Add("createDeal", "Set createDeal to true to create a deal with pipelineId, dealName and amount.");
        e.ThrowIfAny();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = db.Now;

        // The contact: the one with this e-mail, else a new one.
        var contactId = lead.Email is { } email
            ? await db.Contacts.Where(c => c.Email == email && c.ErasedAt == null).OrderBy(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct)
            : null;
        var contactExisted = contactId is not null;
        var carried = await CarriedCustomFieldsAsync(lead, ct);
        var consent = new JsonObject();
        foreach (var (channel, state) in LeadDto.ConsentOf(lead.Consent))
            consent[channel] = new JsonObject { ["status"] = state.Status, ["source"] = state.Source, ["at"] = state.At?.ToString("O") };
        if (contactId is null)
        {
            var body = new JsonObject
            {
                ["firstName"] = lead.FirstName, ["lastName"] = lead.LastName.Length == 0 && lead.FirstName.Length == 0 && lead.Email is null ? lead.Company : lead.LastName,
                ["email"] = lead.Email, ["phone"] = lead.Phone, ["jobTitle"] = lead.Title, ["source"] = lead.Source ?? "lead",
                ["lifecycleStage"] = LifecycleStages.Consideration,
            };
            if (lead.OwnerId is { } owner) body["ownerId"] = owner.ToString();
            if (lead.City is not null || lead.Region is not null || lead.Country is not null)
                body["addresses"] = new JsonArray(new JsonObject { ["label"] = "work", ["city"] = lead.City, ["region"] = lead.Region, ["country"] = lead.Country });
            if (consent.Count > 0) body["consent"] = consent;
            if (carried.Count > 0) body["customFields"] = carried;
            contactId = (await createContact.HandleAsync(body, ct)).Id;
        }
        else
        {
            // An existing contact keeps its own values; the lead's fill only what it lacks.
            var existing = (await getContact.HandleAsync(contactId.Value, ct)).CustomFields;
            var fill = new JsonObject();
            foreach (var (key, value) in carried)
                if (existing[key] is null) fill[key] = value?.DeepClone();
            var patch = new JsonObject();
            if (consent.Count > 0) patch["consent"] = consent;
            if (fill.Count > 0) patch["customFields"] = fill;
            if (patch.Count > 0) await updateContact.HandleAsync(contactId.Value, patch, null, ct);
        }

        // The account: by domain, then by name, else new (none when the lead names no company and has no company domain).
        var domain = AccountWriter.NormalizeDomain(lead.Website)
            ?? (lead.Email is { } m && m.Split('@') is [_, var d] && !FreeMail.Contains(d) ? AccountWriter.NormalizeDomain(d) : null);
        Guid? accountId = null;
        if (domain is not null)
            accountId = await db.Accounts.Where(a => a.Domain == domain).OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (accountId is null && lead.Company is { } company)
        {
            var lower = company.ToLower();
            accountId = await db.Accounts.Where(a => a.Name.ToLower() == lower).OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        }
        var accountExisted = accountId is not null;
        if (accountId is null && (lead.Company is not null || domain is not null))
        {
            var body = new JsonObject { ["name"] = lead.Company ?? domain, ["domain"] = domain, ["industry"] = lead.Industry };
            if (lead.OwnerId is { } owner) body["ownerId"] = owner.ToString();
            accountId = (await createAccount.HandleAsync(body, ct)).Id;
        }
        if (accountId is { } acc)
        {
            var contact = await getContact.HandleAsync(contactId.Value, ct);
            if (contact.Accounts.All(a => a.AccountId != acc))
            {
                var links = new JsonArray();
                foreach (var a in contact.Accounts) links.Add(new JsonObject { ["accountId"] = a.AccountId.ToString(), ["role"] = a.Role, ["title"] = a.Title });
                links.Add(new JsonObject { ["accountId"] = acc.ToString(), ["role"] = AccountRoles.Other, ["title"] = lead.Title });
                await updateContact.HandleAsync(contactId.Value, new JsonObject { ["accounts"] = links }, null, ct);
            }
        }

        Guid? dealId = null;
        if (wantsDeal)
            dealId = await createDeal.HandleAsync(new CreateDeal.Request(
                Name: dealName ?? $"{lead.Company ?? lead.DisplayName} deal", PipelineId: request!.PipelineId, Amount: request.Amount,
                OwnerId: lead.OwnerId, AccountId: accountId, Contacts: [new CreateDeal.ContactInput(contactId.Value)]), ct);

        lead.Status = LeadStatuses.Converted;
        lead.DisqualifiedReason = null;
        lead.ConvertedContactId = contactId;
        lead.ConvertedAccountId = accountId;
        lead.ConvertedDealId = dealId;
        lead.ConvertedAt = now;
        lead.UpdatedAt = now;
        db.LeadEvents.Add(new LeadEvent
        {
            WorkspaceId = lead.WorkspaceId, LeadId = lead.Id, ContactId = contactId, Type = LeadEventTypes.Converted,
            Detail = "Converted to a contact" + (accountId is null ? "" : " and an account") + (dealId is null ? "" : " with a deal"),
            OccurredAt = now, ActorUserId = await access.ActingUserIdAsync(ct), CreatedAt = now,
        });
        // Rows other modules hang off the lead (Activities' notes, tasks, interactions) follow it to what it became.
        foreach (var p in participants)
            await p.ConvertedAsync(new ConversionContext(new RecordRef(LeadAccess.RecordType, lead.Id), contactId.Value, accountId, dealId), ct);
        db.Publish(new LeadConverted(lead.Id, contactId.Value, accountId, dealId));
        await db.SaveChangesAsync(ct);
        // The lead's history comes along: its submissions and events show on the contact's timeline.
        var leadId = lead.Id;
        var cid = contactId;
        await db.LeadEvents.Where(x => x.LeadId == leadId && x.ContactId == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.ContactId, cid), ct);
        await db.FormSubmissions.Where(x => x.LeadId == leadId && x.ContactId == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.ContactId, cid), ct);
        await tx.CommitAsync(ct);
        return new Result(contactId.Value, accountId, dealId, contactExisted, accountExisted);
    }

    /// <summary>The lead's custom values whose key names a contact custom field of the same type: what conversion carries to the contact.</summary>
    private async Task<JsonObject> CarriedCustomFieldsAsync(Lead lead, CancellationToken ct)
    {
        var carried = new JsonObject();
        if (JsonNode.Parse(lead.CustomFields) is not JsonObject values || values.Count == 0) return carried;
        var leadDefs = await ManageCustomFields.ForEntityAsync(db, LeadAccess.RecordType, ct);
        var contactDefs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        foreach (var def in leadDefs)
            if (values[def.Key] is { } v && contactDefs.Any(c => c.Key == def.Key && c.Type == def.Type))
                carried[def.Key] = v.DeepClone();
        return carried;
    }
}
