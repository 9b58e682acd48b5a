using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rapport.Common;
using Rapport.Platform.Outbox;
using Shouldly;
using Xunit.Abstractions;

namespace Rapport.Tests.Platform;

/// <summary>
/// The events are a contract (webhooks, workflows and journeys subscribe to them by name): every
/// event record is listed in docs/events.md with its fields, their wire names did not change when
/// the anonymous payloads became records, and nothing publishes by a string name any more.
/// </summary>
public class EventCatalogTests(ITestOutputHelper output)
{
    private static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static string CatalogPath => Path.Combine(RepoRoot(), "docs", "events.md");

    [Fact]
    public void The_catalog_lists_every_event_with_its_payload()
    {
        var expected = EventCatalog.Markdown();
        var actual = File.Exists(CatalogPath) ? File.ReadAllText(CatalogPath).ReplaceLineEndings("\n") : "";
        if (actual != expected)
            output.WriteLine($"docs/events.md is out of date with the event records. Its text should be:\n\n{expected}");
        actual.ShouldBe(expected, "docs/events.md differs from the event records; the expected text is in the test output");
    }

    [Fact]
    public void Every_event_has_a_unique_name_and_a_description()
    {
        var types = typeof(IEvent).Assembly.GetTypes().Where(t => !t.IsInterface && typeof(IEvent).IsAssignableFrom(t)).ToList();
        types.Select(EventTypes.NameOf).ShouldBeUnique();
        EventTypes.ByName.Count.ShouldBe(types.Count);
        types.Where(t => string.IsNullOrWhiteSpace(t.GetCustomAttribute<DescriptionAttribute>()?.Description)).ShouldBeEmpty();
    }

    [Fact]
    public void Nothing_publishes_an_event_by_a_string_name()
    {
        var src = Path.Combine(RepoRoot(), "src", "Rapport");
        var stringPublish = new Regex(@"\bPublish\s*\(\s*(\$|@)?""");
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(p => stringPublish.IsMatch(File.ReadAllText(p)))
            .Select(p => Path.GetRelativePath(RepoRoot(), p)).ToList();
        offenders.ShouldBeEmpty("publish a record from the module's Events.cs: db.Publish(new DealWon(…))");
    }

    /// <summary>The payloads' JSON property names, in order, as they were published with anonymous objects before the records.</summary>
    private static readonly Dictionary<string, string[]> WireNamesBefore = new()
    {
        ["deal.created"] = ["dealId", "pipelineId", "stageId", "amount", "currency", "ownerId"],
        ["deal.updated"] = ["dealId"],
        ["deal.deleted"] = ["dealId"],
        ["deal.stageChanged"] = ["dealId", "fromStageId", "toStageId"],
        ["deal.won"] = ["dealId", "amount", "currency"],
        ["deal.lost"] = ["dealId", "lostReason"],
        ["pipeline.created"] = ["pipelineId"],
        ["pipeline.deleted"] = ["pipelineId"],
        ["product.created"] = ["productId"],
        ["product.deleted"] = ["productId"],
        ["demoData.loaded"] = ["accounts", "contacts", "interactions", "notes", "tasks"],
        ["mail.send"] = ["to", "subject", "text"],
        ["workspace.created"] = ["workspaceId", "ownerUserId"],
        ["team.created"] = ["teamId", "name"],
        ["team.deleted"] = ["teamId"],
        ["member.added"] = ["membershipId", "userId", "role"],
        ["contacts.bulkUpdated"] = ["action", "contactIds"],
        ["accounts.bulkUpdated"] = ["action", "accountIds"],
        ["contact.erased"] = ["contactId"],
        ["customField.created"] = ["customFieldId", "entity", "key", "type"],
        ["account.created"] = ["accountId"],
        ["account.updated"] = ["accountId"],
        ["account.deleted"] = ["accountId"],
        ["contact.created"] = ["contactId"],
        ["contact.updated"] = ["contactId"],
        ["contact.deleted"] = ["contactId"],
        ["import.completed"] = ["importId", "entity", "created", "updated"],
        ["import.undone"] = ["importId", "entity"],
        ["contact.merged"] = ["mergeId", "survivorId", "mergedIds"],
        ["account.merged"] = ["mergeId", "survivorId", "mergedIds"],
        ["contact.mergeUndone"] = ["mergeId", "survivorId", "mergedIds"],
        ["account.mergeUndone"] = ["mergeId", "survivorId", "mergedIds"],
        ["task.created"] = ["taskId", "assigneeId", "contactId", "accountId", "dueAt"],
        ["task.completed"] = ["taskId", "assigneeId", "completedAt"],
        ["task.deleted"] = ["taskId"],
        ["interaction.created"] = ["interactionId", "contactId", "accountId", "channel"],
        ["interaction.deleted"] = ["interactionId"],
        ["note.created"] = ["noteId", "contactId", "accountId"],
        ["note.deleted"] = ["noteId"],
        ["lead.created"] = ["leadId"],
        ["lead.updated"] = ["leadId"],
        ["lead.deleted"] = ["leadId"],
        ["lead.assigned"] = ["leadId", "ownerId"],
        ["lead.converted"] = ["leadId", "contactId", "accountId", "dealId"],
        ["form.submitted"] = ["formId", "submissionId", "leadId", "contactId"],
    };

    [Fact]
    public void The_records_keep_the_wire_names_of_the_anonymous_payloads()
    {
        EventTypes.ByName.Keys.Order().ShouldBe(WireNamesBefore.Keys.Order(), "an event was added or renamed: a new one goes into this list; a wire name never changes");
        foreach (var (name, type) in EventTypes.ByName)
        {
            // The record as the outbox serializes it (Publish<T>), from an instance with default values.
            var json = JsonSerializer.SerializeToNode(RuntimeHelpers.GetUninitializedObject(type), type, JsonDefaults.Options)!.AsObject();
            json.Select(p => p.Key).ShouldBe(WireNamesBefore[name], $"the payload of {name}");
        }
    }

    [Fact]
    public void A_record_serializes_as_the_anonymous_object_did()
    {
        var (deal, stage, from) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Same(new global::Rapport.Sales.DealCreated(deal, from, stage, 12.5m, "EUR", null), new { dealId = deal, pipelineId = from, stageId = stage, amount = (decimal?)12.5m, currency = "EUR", ownerId = (Guid?)null });
        Same(new global::Rapport.Sales.DealLost(deal, null), new { dealId = deal, lostReason = (string?)null });
        Same(new global::Rapport.Customers.ContactsBulkUpdated("tag", [deal, stage]), new { action = "tag", contactIds = new List<Guid> { deal, stage } });
        Same(new global::Rapport.Customers.ContactErased(deal), new { contactId = deal });
        Same(new global::Rapport.Activities.TaskCompleted(deal, null, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)), new { taskId = deal, assigneeId = (Guid?)null, completedAt = (DateTime?)new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) });
        Same(new global::Rapport.Platform.TeamCreated(deal, "Partners"), new { teamId = deal, name = "Partners" });
        Same(new global::Rapport.Platform.Mail.MailPayload("a@example.com", "Hi", "Text"), new { to = "a@example.com", subject = "Hi", text = "Text" });
        Same(new global::Rapport.Demo.DemoDataLoaded(1, 2, 3, 4, 5), new { accounts = 1, contacts = 2, interactions = 3, notes = 4, tasks = 5 });

        static void Same<T>(T record, object before) where T : IEvent =>
            JsonSerializer.Serialize(record, JsonDefaults.Options).ShouldBe(JsonSerializer.Serialize(before, JsonDefaults.Options));
    }
}

/// <summary>docs/events.md, generated from the event records.</summary>
public static class EventCatalog
{
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("""
            # Events

            Every domain event Rapport publishes to its outbox, by module. The event name is the outbox
            message's type and what webhooks, workflows and journeys subscribe to; the payload is a JSON
            object with these fields (camelCase; `?` means the value may be `null`). Names and fields are
            a contract: add fields and events, never rename or remove one.

            Each event is a record in its module's `Events.cs` (for example `src/Rapport/Sales/Events.cs`),
            published with `db.Publish(new DealWon(…))` and received with `IOutboxHandler<DealWon>`.
            This file is generated: `EventCatalogTests.The_catalog_lists_every_event_with_its_payload`
            fails when it differs from the records and prints the text to paste here.

            """).Append('\n');
        foreach (var module in EventTypes.ByName.GroupBy(e => e.Value.Namespace!.Split('.')[1]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("## ").Append(module.Key).Append("\n\n");
            sb.Append("| Event | Published when | Payload |\n|---|---|---|\n");
            foreach (var (name, type) in module.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var fields = Json.GetTypeInfo(type).Properties
                    .Select(p => $"`{p.Name}` {TypeName(p.PropertyType, (PropertyInfo)p.AttributeProvider!)}");
                sb.Append($"| `{name}` | {type.GetCustomAttribute<DescriptionAttribute>()!.Description} | {string.Join(", ", fields)} |\n");
            }
            sb.Append('\n');
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The outbox's JSON settings (a copy, with its reflection resolver, so reading metadata does not lock the shared one).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonDefaults.Options) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    private static readonly NullabilityInfoContext Nullability = new();

    private static string TypeName(Type type, PropertyInfo property)
    {
        var nullable = Nullable.GetUnderlyingType(type) is not null || Nullability.Create(property).ReadState == NullabilityState.Nullable;
        return JsonType(Nullable.GetUnderlyingType(type) ?? type) + (nullable ? "?" : "");
    }

    private static string JsonType(Type t) => t switch
    {
        _ when t == typeof(Guid) => "uuid",
        _ when t == typeof(string) => "string",
        _ when t == typeof(bool) => "boolean",
        _ when t == typeof(int) || t == typeof(long) => "integer",
        _ when t == typeof(decimal) || t == typeof(double) => "number",
        _ when t == typeof(DateTime) || t == typeof(DateTimeOffset) => "date-time",
        _ when t.IsEnum => "string",
        _ when t.IsArray => JsonType(t.GetElementType()!) + "[]",
        _ when t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t) => JsonType(t.GetGenericArguments()[0]) + "[]",
        _ => throw new InvalidOperationException($"Give {t} a JSON type name in EventCatalog.JsonType."),
    };
}
