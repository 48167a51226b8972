using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// The "fields" of a hit, for the fields and docvalue_fields options: values of mapped fields matching
/// the patterns, as arrays; keywords as strings, numbers as numbers, dates formatted, with a format
/// applied where one is given.
/// </summary>
internal static class HitFields
{
    public static JsonObject? Collect(SearchTarget target, int doc, IReadOnlyList<(string Pattern, string? Format)> patterns)
    {
        if (patterns.Count == 0)
            return null;
        var result = new JsonObject();
        foreach (var (pattern, format) in patterns)
        {
            foreach (var (name, field) in target.Mapping.Fields)
            {
                if (name != pattern && !(Wildcard.IsPattern(pattern) && Wildcard.Matches(pattern, name)))
                    continue;
                if (result.ContainsKey(name))
                    continue;
                var array = new JsonArray();
                if (field.Vector != null)
                {
                    if (target.Doc(doc).Vectors?.TryGetValue(name, out var vector) == true)
                        foreach (var v in vector.IsFloat ? vector.Floats.ToArray() : vector.Bytes!.Select(b => (float)b).ToArray())
                            array.Add(v);
                }
                else
                {
                    var path = name;
                    var dot = name.LastIndexOf('.');
                    if (dot > 0 && target.Field(name[..dot]) is { Vector: null })
                        path = name[..dot];
                    foreach (var value in target.ParsedValues(doc, path))
                        if (Format(field, value, format) is { } formatted)
                            array.Add(formatted);
                }
                if (array.Count > 0)
                    result[name] = array;
            }
        }
        return result.Count == 0 ? null : result;
    }

    private static JsonNode? Format(Mapping.FieldMapping field, JsonNode value, string? format)
    {
        if (FieldValue.IsDate(field))
        {
            var millis = FieldValue.DateMillis(value);
            if (millis == null)
                return null;
            if (format == "epoch_millis")
                return JsonValue.Create(((long)millis.Value).ToString(CultureInfo.InvariantCulture));
            return JsonValue.Create(DateTimeOffset.FromUnixTimeMilliseconds((long)millis.Value).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        if (field.IsNumeric)
        {
            var number = FieldValue.Number(value);
            if (number == null)
                return null;
            if (format != null)
                return JsonValue.Create(number.Value.ToString(format, CultureInfo.InvariantCulture));
            if (FieldValue.IsIntegral(field))
                return JsonValue.Create((long)number.Value);
            return field.Type == "float" ? JsonValue.Create((float)number.Value) : JsonValue.Create(number.Value);
        }
        if (field.Type == "boolean")
            return JsonValue.Create(value.ToString() == "true");
        return value.GetValueKind() == JsonValueKind.String ? JsonValue.Create(value.GetValue<string>()) : JsonValue.Create(value.ToJsonString());
    }
}
