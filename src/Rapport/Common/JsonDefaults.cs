using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Common;

public static class JsonDefaults
{
    /// <summary>The API's JSON: camelCase names and enumerations; also used for audit and outbox payloads.</summary>
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        if (!o.Converters.OfType<JsonStringEnumConverter>().Any())
            o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        // A name given twice is a 400, never "last one wins" (or a 500): typed bodies by this
        // setting, JsonObject bodies (with invalid UTF-8 and lone surrogates) by the converter.
        o.AllowDuplicateProperties = false;
        if (!o.Converters.OfType<StrictJsonObjectConverter>().Any())
            o.Converters.Add(new StrictJsonObjectConverter());
        return o;
    }
}
