using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Records;

/// <summary>
/// Custom field definitions (Settings → Custom fields, <c>/api/v1/custom-fields</c>): list, create,
/// change label/options/flags, delete (to the trash; values stay stored and come back on restore).
/// Creating one builds its <c>cf_*</c> expression index. Admins only, except listing.
/// </summary>
public sealed partial class ManageCustomFields(RapportDb db, RequestContext ctx, RecordTypes types)
{
    public sealed record Dto(Guid Id, string Entity, string Key, string Label, string Type, bool Required, bool Unique,
        IReadOnlyList<string> Options, string? Currency, int Position, DateTime CreatedAt)
    {
        public static Dto From(CustomFieldDefinition d) => new(d.Id, d.Entity, d.Key, d.Label, d.Type, d.Required, d.Unique,
            d.OptionList(), d.Currency, d.Position, d.CreatedAt);
    }

    /// <summary>"Must be contact, account or lead." — the registered types that keep custom fields.</summary>
    private string EntityMessage
    {
        get
        {
            var names = types.WithCustomFields.Select(t => t.Name).ToList();
            return names.Count <= 1 ? $"Must be {string.Join("", names)}." : $"Must be {string.Join(", ", names[..^1])} or {names[^1]}.";
        }
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]{0,49}$")]
    private static partial Regex KeyPattern();

    public async Task<IReadOnlyList<Dto>> ListAsync(string? entity, CancellationToken ct)
    {
        var q = db.CustomFieldDefinitions.AsNoTracking();
        if (!string.IsNullOrEmpty(entity))
        {
            if (types.Find(entity)?.CustomFieldsTable is null) throw new ValidationFailedException("entity", EntityMessage);
            q = q.Where(d => d.Entity == entity);
        }
        return (await q.OrderBy(d => d.Entity).ThenBy(d => d.Position).ThenBy(d => d.CreatedAt).ToListAsync(ct)).Select(Dto.From).ToList();
    }

    /// <summary>The live definitions of one entity, in display order (used by every contact/account read and write).</summary>
    public static Task<List<CustomFieldDefinition>> ForEntityAsync(RapportDb db, string entity, CancellationToken ct) =>
        CustomFieldDefinitions.ForTypeAsync(db, entity, ct);

    public async Task<Dto> GetAsync(Guid id, CancellationToken ct) => Dto.From(await FindAsync(id, ct));

    public async Task<Dto> CreateAsync(JsonObject body, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var e = new FieldErrors();
        var entity = JsonInput.Text(body["entity"], "entity", e, 20, required: true);
        if (entity is not null && types.Find(entity)?.CustomFieldsTable is null) e.Add("entity", EntityMessage);
        var key = JsonInput.Text(body["key"], "key", e, 50, required: true);
        if (key is not null && !KeyPattern().IsMatch(key)) e.Add("key", "Must start with a letter and hold only letters, digits and _ (e.g. shoeSize).");
        if (key is not null && BuiltIn.Contains(key)) e.Add("key", "This key is taken by a built-in field.");
        var type = JsonInput.Text(body["type"], "type", e, 20, required: true);
        if (type is not null && !CustomFieldTypes.All.Contains(type)) e.Add("type", $"Must be one of: {string.Join(", ", CustomFieldTypes.All)}.");
        var def = new CustomFieldDefinition { WorkspaceId = ctx.WorkspaceId, Entity = entity ?? "", Key = key ?? "", Type = type ?? "", CreatedAt = db.Now };
        def.Label = key ?? "";
        Apply(def, body, e, creating: true);
        e.ThrowIfAny();
        var exists = await db.CustomFieldDefinitions.IgnoreQueryFilters([RapportDb.SoftDeleteFilter])
            .Where(d => d.Entity == def.Entity && d.Key == def.Key).Select(d => new { d.DeletedAt }).FirstOrDefaultAsync(ct);
        if (exists is not null)
            throw new ValidationFailedException("key", exists.DeletedAt is null
                ? "A field with this key exists already."
                : "A deleted field with this key is in the trash; restore it instead.");
        var entityName = def.Entity;
        def.Position = (await db.CustomFieldDefinitions.Where(d => d.Entity == entityName).MaxAsync(d => (int?)d.Position, ct) ?? 0) + 1;
        db.CustomFieldDefinitions.Add(def);
        db.Publish(new CustomFieldCreated(def.Id, def.Entity, def.Key, def.Type));
        await db.SaveChangesAsync(ct);
        await CustomFieldIndexes.EnsureAsync(db, def, types.Find(def.Entity)!.CustomFieldsTable!, ct);
        return Dto.From(def);
    }

    public async Task<Dto> UpdateAsync(Guid id, JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var def = await FindAsync(id, ct);
        if (ifMatch is { } v && v != def.Version) throw new PreconditionFailedException();
        var e = new FieldErrors();
        foreach (var fixedField in new[] { "entity", "key", "type" })
            if (patch.ContainsKey(fixedField) && patch[fixedField]?.ToString() != Field(def, fixedField))
                e.Add(fixedField, "Cannot be changed once the field exists; create a new field instead.");
        Apply(def, patch, e, creating: false);
        e.ThrowIfAny();
        await db.SaveChangesAsync(ct);
        return Dto.From(def);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var def = await FindAsync(id, ct);
        db.CustomFieldDefinitions.Remove(def);
        await db.SaveChangesAsync(ct);
    }

    private static string Field(CustomFieldDefinition d, string name) => name switch { "entity" => d.Entity, "key" => d.Key, _ => d.Type };

    private static void Apply(CustomFieldDefinition def, JsonObject body, FieldErrors e, bool creating)
    {
        if (body.ContainsKey("label") || creating)
            if (JsonInput.Text(body["label"], "label", e, 100, required: true) is { } label) def.Label = label;
        if (body.ContainsKey("required")) def.Required = JsonInput.Bool(body["required"], "required", e) ?? false;
        if (body.ContainsKey("unique")) def.Unique = JsonInput.Bool(body["unique"], "unique", e) ?? false;
        if (body.ContainsKey("position") && body["position"] is JsonValue pv && pv.TryGetValue<int>(out var pos)) def.Position = pos;
        var isSelect = def.Type is CustomFieldTypes.SingleSelect or CustomFieldTypes.MultiSelect;
        if (body.ContainsKey("options"))
        {
            if (JsonInput.Array(body["options"], "options", e, 200) is { } arr)
            {
                var options = new List<string>();
                foreach (var o in arr)
                {
                    var s = o is JsonValue ov && ov.GetValueKind() == JsonValueKind.String ? ov.GetValue<string>().Trim() : null;
                    if (string.IsNullOrEmpty(s) || s.Length > 200) { e.Add("options", "Each option must be a text of 1 to 200 characters."); break; }
                    if (options.Contains(s, StringComparer.OrdinalIgnoreCase)) { e.Add("options", $"\"{s}\" is listed twice."); break; }
                    options.Add(s);
                }
                if (options.Count > 0 && !isSelect) e.Add("options", "Only select fields have options.");
                def.Options = JsonSerializer.Serialize(options);
            }
        }
        if (isSelect && def.OptionList().Length == 0) e.Add("options", "A select field needs at least one option.");
        if (body.ContainsKey("currency"))
        {
            var cur = JsonInput.Text(body["currency"], "currency", e, 3);
            if (cur is not null && (cur.Length != 3 || !cur.All(char.IsAsciiLetter))) e.Add("currency", "Must be an ISO 4217 currency code, e.g. EUR.");
            def.Currency = cur?.ToUpperInvariant();
        }
        if (def.Type == CustomFieldTypes.Currency && def.Currency is null) e.Add("currency", "A currency field needs its currency, e.g. EUR.");
        if (def.Type != CustomFieldTypes.Currency && def.Currency is not null) e.Add("currency", "Only currency fields have a currency.");
        if (def.Unique && def.Type is CustomFieldTypes.LongText or CustomFieldTypes.MultiSelect or CustomFieldTypes.Boolean)
            e.Add("unique", "Long texts, multi-selects and booleans cannot be unique.");
    }

    private async Task<CustomFieldDefinition> FindAsync(Guid id, CancellationToken ct) =>
        await db.CustomFieldDefinitions.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("The custom field was not found.");

    /// <summary>Keys of built-in contact and account fields, which a custom field may not shadow.</summary>
    private static readonly HashSet<string> BuiltIn = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "firstName", "lastName", "name", "email", "emails", "phone", "phones", "addresses", "birthDate", "jobTitle", "social",
        "ownerId", "source", "lifecycleStage", "tags", "customFields", "accounts", "consent", "externalId", "createdAt", "updatedAt",
        "domain", "industry", "size", "annualRevenue", "parentAccountId",
    };
}
