using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Leads.Features;

/// <summary>A form's field. <see cref="Options"/>: a select's choices (a lead custom field's options when the form was saved).</summary>
public sealed record FormField(string Key, string Label, string Type, bool Required, IReadOnlyList<string>? Options = null);

/// <summary>A field a form may ask for: a lead field, "message", or a lead custom field (<c>customFields.KEY</c>).</summary>
public sealed record FormFieldOffer(string Key, string Label, string Type, IReadOnlyList<string>? Options = null);

/// <summary>
/// Web-to-lead forms (<c>/api/v1/forms</c>): <c>{"name","fields":[{"key","label","type","required"}],"consentText",
/// "thankYouMessage","redirectUrl","allowedOrigins":[…],"source","campaign"}</c>. Field keys are lead
/// fields (<see cref="FieldKeys"/>), "message" (kept with the submission only) and the lead custom fields
/// as <c>customFields.KEY</c> (their input type follows the field's type: number, date, checkbox, select, …).
/// "website" is not offered: it is the spam honeypot's name.
/// </summary>
public sealed class ManageForms(RapportDb db, RequestContext ctx)
{
    /// <summary>Field key → default label and input type.</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, string Type)> FieldKeys = new Dictionary<string, (string, string)>
    {
        ["firstName"] = ("First name", "text"), ["lastName"] = ("Last name", "text"), ["email"] = ("E-mail", "email"),
        ["phone"] = ("Phone", "phone"), ["company"] = ("Company", "text"), ["title"] = ("Job title", "text"),
        ["employees"] = ("Employees", "number"), ["industry"] = ("Industry", "text"), ["country"] = ("Country (2-letter code)", "text"),
        ["region"] = ("Region", "text"), ["city"] = ("City", "text"), ["message"] = ("Message", "longText"),
    };
    public static readonly string[] Types = ["text", "email", "phone", "number", "longText"];
    public const string Honeypot = "website", ConsentKey = "consent";
    public const string CustomPrefix = "customFields.";

    /// <summary>Everything a form may ask for: the lead fields, then the workspace's lead custom fields.</summary>
    public async Task<IReadOnlyList<FormFieldOffer>> OfferedAsync(CancellationToken ct)
    {
        var list = FieldKeys.Select(kv => new FormFieldOffer(kv.Key, kv.Value.Label, kv.Value.Type)).ToList();
        foreach (var d in await ManageCustomFields.ForEntityAsync(db, LeadAccess.RecordType, ct))
            list.Add(OfferOf(d));
        return list;
    }

    public static FormFieldOffer OfferOf(CustomFieldDefinition d) => new(CustomPrefix + d.Key, d.Label, d.Type switch
    {
        CustomFieldTypes.Number or CustomFieldTypes.Currency => "number",
        CustomFieldTypes.Date => "date",
        CustomFieldTypes.Boolean => "checkbox",
        CustomFieldTypes.SingleSelect or CustomFieldTypes.MultiSelect => "select",
        CustomFieldTypes.LongText => "longText",
        CustomFieldTypes.Email => "email",
        CustomFieldTypes.Phone => "phone",
        CustomFieldTypes.Url => "url",
        _ => "text",
    }, d.Type is CustomFieldTypes.SingleSelect or CustomFieldTypes.MultiSelect ? Customers.CustomFieldValues.OptionsOf(d) : null);

    public sealed record FormDto(Guid Id, string Name, IReadOnlyList<FormField> Fields, string? ConsentText, string? ThankYouMessage, string? RedirectUrl,
        IReadOnlyList<string> AllowedOrigins, string Source, string? Campaign, string PublicUrl, string SubmitUrl, DateTime CreatedAt, DateTime UpdatedAt, long Version)
    {
        public static FormDto From(WebForm f) => new(f.Id, f.Name, FieldsOf(f), f.ConsentText, f.ThankYouMessage, f.RedirectUrl, OriginsOf(f),
            f.Source, f.Campaign, $"/f/{f.Id}", $"/api/v1/forms/{f.Id}/submissions", f.CreatedAt, f.UpdatedAt, f.Version);
    }

    public sealed record SubmissionDto(Guid Id, Guid FormId, Guid? LeadId, Guid? ContactId, JsonNode? Data, bool ConsentGiven, string Outcome, string? Origin, DateTime CreatedAt);

    public static IReadOnlyList<FormField> FieldsOf(WebForm f) => JsonSerializer.Deserialize<List<FormField>>(f.Fields, JsonDefaults.Options) ?? [];
    public static IReadOnlyList<string> OriginsOf(WebForm f) => JsonSerializer.Deserialize<List<string>>(f.AllowedOrigins, JsonDefaults.Options) ?? [];

    public async Task<Page<FormDto>> ListAsync(int? limit, string? cursor, CancellationToken ct)
    {
        var sort = new Keyset.Sort<WebForm>((System.Linq.Expressions.Expression<Func<WebForm, DateTime>>)(f => f.CreatedAt), true, f => f.Id);
        var (rows, next) = await Keyset.PageAsync(db.WebForms.AsNoTracking(), sort, Paging.ClampLimit(limit), cursor, ct);
        return new Page<FormDto>(rows.Select(FormDto.From).ToList(), next);
    }

    public async Task<FormDto> GetAsync(Guid id, CancellationToken ct) => FormDto.From(await FindAsync(id, ct, tracked: false));

    public async Task<FormDto> CreateAsync(JsonObject body, CancellationToken ct)
    {
        EnsureMayManage();
        var now = db.Now;
        var form = new WebForm { WorkspaceId = ctx.WorkspaceId, CreatedAt = now };
        Apply(form, body, creating: true, await OfferedAsync(ct));
        form.UpdatedAt = now;
        db.WebForms.Add(form);
        await db.SaveChangesAsync(ct);
        return FormDto.From(form);
    }

    public async Task<FormDto> UpdateAsync(Guid id, JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        EnsureMayManage();
        var form = await FindAsync(id, ct, tracked: true);
        if (ifMatch is { } v && v != form.Version) throw new PreconditionFailedException();
        Apply(form, patch, creating: false, await OfferedAsync(ct));
        form.UpdatedAt = db.Now;
        await db.SaveChangesAsync(ct);
        return FormDto.From(form);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        EnsureMayManage();
        db.WebForms.Remove(await FindAsync(id, ct, tracked: true));
        await db.SaveChangesAsync(ct);
    }

    public async Task<Page<SubmissionDto>> SubmissionsAsync(Guid formId, int? limit, string? cursor, CancellationToken ct)
    {
        await FindAsync(formId, ct, tracked: false);
        var sort = new Keyset.Sort<FormSubmission>((System.Linq.Expressions.Expression<Func<FormSubmission, DateTime>>)(s => s.CreatedAt), true, s => s.Id);
        var (rows, next) = await Keyset.PageAsync(db.FormSubmissions.AsNoTracking().Where(s => s.FormId == formId), sort, Paging.ClampLimit(limit), cursor, ct);
        return new Page<SubmissionDto>(rows.Select(s => new SubmissionDto(s.Id, s.FormId, s.LeadId, s.ContactId, JsonNode.Parse(s.Data), s.ConsentGiven, s.Outcome, s.Origin, s.CreatedAt)).ToList(), next);
    }

    private void EnsureMayManage()
    {
        if (!Roles.IsAdmin(ctx.Role) && ctx.Role is not (Roles.Manager or Roles.Marketing))
            throw new ForbiddenException("Only owners, admins, managers and marketers may change web forms.");
    }

    private async Task<WebForm> FindAsync(Guid id, CancellationToken ct, bool tracked)
    {
        var q = tracked ? db.WebForms : db.WebForms.AsNoTracking();
        return await q.SingleOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("The form was not found.");
    }

    private static void Apply(WebForm f, JsonObject body, bool creating, IReadOnlyList<FormFieldOffer> offered)
    {
        var e = new FieldErrors();
        foreach (var (k, _) in body)
            if (k is not ("name" or "fields" or "consentText" or "thankYouMessage" or "redirectUrl" or "allowedOrigins" or "source" or "campaign"))
                e.Add(k, k is "id" or "createdAt" or "updatedAt" or "version" or "publicUrl" or "submitUrl" ? "This field cannot be changed." : "Unknown field.");
        if (creating || body.ContainsKey("name")) f.Name = JsonInput.Text(body["name"], "name", e, 200, required: true) ?? f.Name;
        if (creating || body.ContainsKey("fields"))
        {
            var arr = JsonInput.Array(body["fields"], "fields", e, 30);
            if (arr is { Count: 0 }) e.Add("fields", "A form needs at least one field.");
            else if (arr is not null)
            {
                var list = new List<FormField>();
                for (var i = 0; i < arr.Count; i++)
                {
                    var p = $"fields[{i}]";
                    if (JsonInput.Object(arr[i], p, e) is not { } o) { if (JsonInput.IsNull(arr[i])) e.Add(p, "Must be an object."); continue; }
                    foreach (var (k, _) in o) if (k is not ("key" or "label" or "type" or "required")) e.Add($"{p}.{k}", "Unknown field.");
                    var key = JsonInput.Text(o["key"], $"{p}.key", e, 50, required: true);
                    if (key is null) continue;
                    if (key == Honeypot) { e.Add($"{p}.key", "\"website\" is the spam trap's name; it cannot be a form field."); continue; }
                    if (offered.FirstOrDefault(x => x.Key == key) is not { } known)
                    {
                        e.Add($"{p}.key", key.StartsWith(CustomPrefix, StringComparison.Ordinal) ? "There is no such lead custom field." : $"Must be one of: {string.Join(", ", offered.Select(x => x.Key))}.");
                        continue;
                    }
                    if (list.Any(x => x.Key == key)) { e.Add($"{p}.key", "This field is listed twice."); continue; }
                    var label = JsonInput.Text(o["label"], $"{p}.label", e, 200) ?? known.Label;
                    var type = JsonInput.Text(o["type"], $"{p}.type", e, 20) ?? known.Type;
                    // A custom field's input follows its type; a lead field may be shown as any plain input.
                    if (key.StartsWith(CustomPrefix, StringComparison.Ordinal)) type = known.Type;
                    else if (!Types.Contains(type)) { e.Add($"{p}.type", $"Must be one of: {string.Join(", ", Types)}."); continue; }
                    var required = JsonInput.Bool(o["required"], $"{p}.required", e) ?? false;
                    list.Add(new FormField(key, label, type, required, known.Options));
                }
                f.Fields = JsonSerializer.Serialize(list, JsonDefaults.Options);
            }
        }
        if (body.ContainsKey("consentText")) f.ConsentText = JsonInput.Text(body["consentText"], "consentText", e, 1000);
        if (body.ContainsKey("thankYouMessage")) f.ThankYouMessage = JsonInput.Text(body["thankYouMessage"], "thankYouMessage", e, 2000);
        if (body.ContainsKey("redirectUrl"))
        {
            var url = JsonInput.Text(body["redirectUrl"], "redirectUrl", e, 2000);
            if (url is not null && !JsonInput.IsHttpUrl(url)) e.Add("redirectUrl", "Must be an http(s) address such as https://example.com/thanks.");
            else f.RedirectUrl = url;
        }
        if (body.ContainsKey("allowedOrigins") && JsonInput.Array(body["allowedOrigins"], "allowedOrigins", e, 50) is { } origins)
        {
            var list = new List<string>();
            for (var i = 0; i < origins.Count; i++)
            {
                var raw = JsonInput.Text(origins[i], $"allowedOrigins[{i}]", e, 300, required: true);
                if (raw is null) continue;
                if (NormalizeOrigin(raw) is not { } origin) { e.Add($"allowedOrigins[{i}]", "Must be an origin such as https://www.example.com (scheme and host, no path)."); continue; }
                if (!list.Contains(origin)) list.Add(origin);
            }
            f.AllowedOrigins = JsonSerializer.Serialize(list, JsonDefaults.Options);
        }
        if (body.ContainsKey("source")) f.Source = JsonInput.Text(body["source"], "source", e, 100) ?? "webForm";
        if (body.ContainsKey("campaign")) f.Campaign = JsonInput.Text(body["campaign"], "campaign", e, 200);
        e.ThrowIfAny();
    }

    /// <summary>"https://Example.com/" → "https://example.com"; null when it is not an http(s) origin.</summary>
    public static string? NormalizeOrigin(string raw)
    {
        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)) return null;
        if (u.AbsolutePath != "/" || u.Query.Length > 0 || u.Fragment.Length > 0 || u.UserInfo.Length > 0) return null;
        return u.IsDefaultPort ? $"{u.Scheme}://{u.Host}" : $"{u.Scheme}://{u.Host}:{u.Port}";
    }
}
