using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Records;

/// <summary>
/// A field a workspace adds to a registered record type that keeps custom fields (<see cref="RecordType.CustomFieldsTable"/>: contacts, accounts, leads). Values live in the record's <c>custom_fields</c>
/// JSON column under <see cref="Key"/>; filterable ones get an expression index named <c>cf_*</c>.
/// </summary>
public sealed class CustomFieldDefinition : IWorkspaceOwned, IAudited, ISoftDeletable, IHasCreatedAt, IVersioned
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The record type's name (<see cref="RecordType.Name"/>), e.g. "contact", "account", "lead".</summary>
    public string Entity { get; set; } = "";
    /// <summary>camelCase identifier, e.g. "shoeSize"; fixed once created.</summary>
    public string Key { get; set; } = "";
    public string Label { get; set; } = "";
    /// <summary>One of <see cref="CustomFieldTypes.All"/>.</summary>
    public string Type { get; set; } = "";
    public bool Required { get; set; }
    public bool Unique { get; set; }
    /// <summary>JSON array of strings, for singleSelect and multiSelect.</summary>
    public string Options { get; set; } = "[]";
    /// <summary>ISO 4217, for currency fields.</summary>
    public string? Currency { get; set; }
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }

    public string TrashTitle => $"{Label} ({Entity} field)";

    /// <summary>The options of a select field.</summary>
    public string[] OptionList() => System.Text.Json.JsonSerializer.Deserialize<string[]>(Options) ?? [];
}

public static class CustomFieldTypes
{
    public const string Text = "text", LongText = "longText", Number = "number", Currency = "currency", Date = "date",
        DateTime = "dateTime", Boolean = "boolean", SingleSelect = "singleSelect", MultiSelect = "multiSelect",
        Url = "url", Email = "email", Phone = "phone";
    public static readonly string[] All = [Text, LongText, Number, Currency, Date, DateTime, Boolean, SingleSelect, MultiSelect, Url, Email, Phone];
    public static bool IsNumeric(string type) => type is Number or Currency;
}

public sealed class CustomFieldDefinitionConfiguration : IEntityTypeConfiguration<CustomFieldDefinition>
{
    public void Configure(EntityTypeBuilder<CustomFieldDefinition> b)
    {
        b.ToTable("custom_field_definitions");
        b.HasKey(x => new { x.WorkspaceId, x.Id });
        b.Ignore(x => x.TrashTitle);
        b.Property(x => x.Entity).HasMaxLength(20).IsRequired();
        b.Property(x => x.Key).HasMaxLength(50).IsRequired();
        b.Property(x => x.Label).HasMaxLength(100).IsRequired();
        b.Property(x => x.Type).HasMaxLength(20).IsRequired();
        b.Property(x => x.Options).IsJson();
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.Entity, x.Key }).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
