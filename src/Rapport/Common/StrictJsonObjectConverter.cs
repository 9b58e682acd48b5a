using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Rapport.Common;

/// <summary>
/// Reads a <see cref="JsonObject"/> body (or property) and checks all of it at once: a name given
/// twice, text that is not valid UTF-8 and a lone UTF-16 surrogate (<c>"\ud800"</c>) are a
/// <see cref="JsonException"/> naming the field, so the host answers 400. The built-in converter
/// builds the object lazily, so these only surfaced later, in a handler, as 500s
/// (ArgumentException / InvalidOperationException) — and every route bound to JsonObject had them.
/// Names compare as the options do (the web defaults are case-insensitive: "email" and "Email"
/// would be one key of the object, so they are a duplicate too). The error's path is relative to
/// this object, which is the whole body on every route today.
/// </summary>
public sealed class StrictJsonObjectConverter : JsonConverter<JsonObject>
{
    public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Must be a JSON object.");
        var element = JsonElement.ParseValue(ref reader);
        Check(element, "$", options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        return JsonObject.Create(element, new JsonNodeOptions { PropertyNameCaseInsensitive = options.PropertyNameCaseInsensitive });
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer, options);

    private static void Check(JsonElement element, string path, StringComparer names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(names);
                foreach (var property in element.EnumerateObject())
                {
                    var name = Text(() => property.Name, path);
                    var at = $"{path}.{name}";
                    if (!seen.Add(name)) throw new JsonException($"'{name}' is given more than once.", at, null, null);
                    Check(property.Value, at, names);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Check(item, $"{path}[{i++}]", names);
                break;
            case JsonValueKind.String:
                Text(element.GetString, path);
                break;
        }
    }

    /// <summary>Decodes a name or string; invalid UTF-8 or a lone surrogate throws InvalidOperationException here.</summary>
    private static string Text(Func<string?> read, string path)
    {
        try { return read() ?? ""; }
        catch (InvalidOperationException e) { throw new JsonException($"Is not valid text: {e.Message}", path, null, null); }
    }
}
