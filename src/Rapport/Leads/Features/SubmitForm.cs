using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Leads.Features;

/// <summary>
/// A public form submission (no sign-in). The form is found by its id alone (global unique index),
/// then the request acts as the system in the form's workspace. Spam: a filled honeypot
/// ("website") is accepted and dropped. A known person (the e-mail of a contact, else of an open
/// lead) gets the submission logged on their timeline instead of a duplicate lead; otherwise a new
/// lead is created, assigned by the rules and scored. Consent ticked on the form goes to the
/// contact's consent ledger (a known contact) or is kept on the lead and carried to the ledger when
/// it is converted. All in one transaction.
/// </summary>
public sealed class SubmitForm(RapportDb db, RequestContext ctx, LeadWriter writer, CreateLead createLead, LeadScorer scorer, UpdateContact updateContact)
{
    public sealed record Result(bool Stored, Guid? SubmissionId, string Outcome, Guid? LeadId, Guid? ContactId);

    /// <summary>The (non-deleted) form with this id, in any workspace, or 404.</summary>
    public async Task<WebForm> FindPublicAsync(Guid formId, CancellationToken ct) =>
        await db.WebForms.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(f => f.Id == formId && f.DeletedAt == null, ct)
            ?? throw new NotFoundException("The form was not found.");

    /// <summary>Reads a JSON submission into text values; a value that is not a text, number or true/false is a 400.</summary>
    public static Dictionary<string, string?> ValuesOf(JsonObject body)
    {
        var e = new FieldErrors();
        var values = new Dictionary<string, string?>();
        foreach (var (k, v) in body)
        {
            if (v is null) { values[k] = null; continue; }
            if (v is not JsonValue jv) { e.Add(k, "Must be a text."); continue; }
            values[k] = jv.GetValueKind() switch
            {
                JsonValueKind.String => jv.GetValue<string>(),
                JsonValueKind.Number => jv.ToJsonString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }
        e.ThrowIfAny();
        return values;
    }

    /// <summary>A form's text answer as the JSON a custom field takes (a value that does not parse goes as typed, so the message names it).</summary>
    private static JsonNode? CustomValueOf(CustomFieldDefinition def, string raw) => def.Type switch
    {
        CustomFieldTypes.Number or CustomFieldTypes.Currency =>
            decimal.TryParse(raw, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(raw),
        CustomFieldTypes.Boolean => raw.ToLowerInvariant() switch
        {
            "true" or "on" or "yes" or "1" => JsonValue.Create(true),
            "false" or "off" or "no" or "0" => JsonValue.Create(false),
            _ => JsonValue.Create(raw),
        },
        CustomFieldTypes.MultiSelect => new JsonArray(raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
        _ => JsonValue.Create(raw),
    };

    public async Task<Result> HandleAsync(WebForm form, IReadOnlyDictionary<string, string?> values, string? origin, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(values.GetValueOrDefault(ManageForms.Honeypot)))
            return new Result(false, null, "spam", null, null);
        ctx.SetSystem(form.WorkspaceId);

        // Validate: required fields, then each value through the lead writer (same rules as the API).
        var e = new FieldErrors();
        var fields = ManageForms.FieldsOf(form);
        var customDefs = await writer.CustomFieldDefsAsync(ct);
        var body = new JsonObject();
        var data = new JsonObject();
        foreach (var f in fields)
        {
            var raw = values.GetValueOrDefault(f.Key)?.Trim();
            if (string.IsNullOrEmpty(raw)) { if (f.Required) e.Add(f.Key, "Is required."); continue; }
            if (raw.Length > (f.Key == "message" ? 5000 : 1000)) { e.Add(f.Key, "Is too long."); continue; }
            data[f.Key] = raw;
            if (f.Key == "message") continue;
            if (f.Key.StartsWith(ManageForms.CustomPrefix, StringComparison.Ordinal))
            {
                var key = f.Key[ManageForms.CustomPrefix.Length..];
                if (customDefs.FirstOrDefault(d => d.Key == key) is not { } def) continue; // the field was deleted since: its answer stays with the submission
                if (body["customFields"] is not JsonObject custom) body["customFields"] = custom = new JsonObject();
                custom[key] = CustomValueOf(def, raw);
            }
            else if (f.Key == "employees")
            {
                if (int.TryParse(raw, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out var n)) body[f.Key] = (decimal)n; // a decimal: what JsonInput.Number reads
                else e.Add(f.Key, "Must be a whole number.");
            }
            else body[f.Key] = raw;
        }
        var consent = form.ConsentText is not null && values.GetValueOrDefault(ManageForms.ConsentKey)?.Trim().ToLowerInvariant() is "true" or "on" or "yes" or "1";
        // The lead writer's rules run even when a required answer is missing, so every message shows at once.
        try { await writer.ApplyAsync(new Lead { WorkspaceId = form.WorkspaceId }, (JsonObject)body.DeepClone(), creating: true, ct); }
        catch (ValidationFailedException v) when (v.Errors.Keys.Any(k => fields.Any(f => f.Key == k)))
        {
            foreach (var (k, msgs) in v.Errors.Where(x => fields.Any(f => f.Key == x.Key) && !e.Items.ContainsKey(x.Key)))
                foreach (var msg in msgs) e.Add(k, msg);
        }
        catch (ValidationFailedException v) when (!e.Any && v.Errors.Keys.Any(k => k.StartsWith(ManageForms.CustomPrefix, StringComparison.Ordinal)))
        {
            // A required lead custom field the form does not ask for: the form is set up wrongly, say which.
            throw new ValidationFailedException(fields[0].Key, "This form cannot be accepted: " + string.Join(" ", v.Errors.Where(x => x.Key.StartsWith(ManageForms.CustomPrefix, StringComparison.Ordinal)).SelectMany(x => x.Value))
                + " Ask the site's owner to add it to the form.");
        }
        catch (ValidationFailedException) when (!e.Any)
        {
            throw new ValidationFailedException(fields.FirstOrDefault(f => f.Key == "email")?.Key ?? fields[0].Key, "Give at least a name or an e-mail address.");
        }
        catch (ValidationFailedException) { /* the required answers' messages below say what to fix first */ }
        e.ThrowIfAny();

        var now = db.Now;
        var source = $"web form '{form.Name}'";
        var email = (string?)body["email"] is { } m ? m.ToLowerInvariant() : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var submission = new FormSubmission
        {
            WorkspaceId = form.WorkspaceId, FormId = form.Id, Data = data.ToJsonString(), ConsentGiven = consent,
            Origin = origin is { Length: <= 300 } ? origin : null, CreatedAt = now,
        };
        Guid? contactId = null;
        Lead? lead = null;
        if (email is not null)
            contactId = await db.Contacts.Where(c => c.Email == email && c.ErasedAt == null).OrderBy(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (contactId is { } known)
        {
            submission.ContactId = known;
            submission.Outcome = "loggedOnContact";
            if (consent)
                await updateContact.HandleAsync(known, new JsonObject
                {
                    ["consent"] = new JsonObject { ["email"] = new JsonObject { ["status"] = ConsentChannels.Granted, ["source"] = source } },
                }, null, ct);
        }
        else
        {
            if (email is not null)
                lead = await db.Leads.Where(l => l.Email == email && l.Status != LeadStatuses.Converted).OrderBy(l => l.CreatedAt).FirstOrDefaultAsync(ct);
            if (lead is not null) submission.Outcome = "updatedLead";
            else
            {
                body["source"] = form.Source;
                if (form.Campaign is not null) body["campaign"] = form.Campaign;
                lead = await createLead.CreateAsync(body, ct);
                submission.Outcome = "createdLead";
            }
            submission.LeadId = lead.Id;
            if (consent)
            {
                var state = JsonSerializer.Deserialize<Dictionary<string, ConsentState>>(lead.Consent, JsonDefaults.Options) ?? [];
                state[ConsentChannels.All[0]] = new ConsentState(ConsentChannels.Granted, source, now);
                lead.Consent = JsonSerializer.Serialize(state, JsonDefaults.Options);
            }
            db.LeadEvents.Add(new LeadEvent
            {
                WorkspaceId = form.WorkspaceId, LeadId = lead.Id, Type = LeadEventTypes.FormSubmitted, Detail = $"Submitted the form '{form.Name}'",
                OccurredAt = now, CreatedAt = now,
            });
            await scorer.RescoreAsync(lead, "form submitted", ct);
        }
        db.FormSubmissions.Add(submission);
        db.Publish(new FormSubmitted(form.Id, submission.Id, submission.LeadId, submission.ContactId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(true, submission.Id, submission.Outcome, submission.LeadId, submission.ContactId);
    }
}
