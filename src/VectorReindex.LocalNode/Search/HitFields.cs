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
                if (!Matches(pattern, name))
                    continue;
                if (result.ContainsKey(name) || field.NestedPath != target.NestedScope)
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
        foreach (var nested in target.Mapping.NestedObjects.Values)
            if (nested.ParentPath == target.NestedScope && Grouped(target, doc, nested.Path, patterns) is { } objects)
                result[nested.Path] = objects;
        return result.Count == 0 ? null : result;
    }

    private static bool Matches(string pattern, string name) => name == pattern || (Wildcard.IsPattern(pattern) && Wildcard.Matches(pattern, name));

    /// <summary>
    /// The fields of a nested object path, grouped as Elasticsearch groups them: one entry per object of
    /// the document, each with its fields' names relative to the path.
    /// </summary>
    private static JsonArray? Grouped(SearchTarget target, int doc, string path, IReadOnlyList<(string Pattern, string? Format)> patterns)
    {
        var prefix = path + ".";
        if (!target.Mapping.Fields.Keys.Any(name => name.StartsWith(prefix, StringComparison.Ordinal) && patterns.Any(p => Matches(p.Pattern, name))))
            return null;
        var children = target.Nested(path);
        var (start, end) = children.Parent!.Value.Join.ChildrenOf(doc);
        var objects = new JsonArray();
        for (var child = start; child < end; child++)
        {
            if (Collect(children, child, patterns) is not { } fields)
                continue;
            var relative = new JsonObject();
            foreach (var (name, value) in fields)
                relative[name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name] = value?.DeepClone();
            objects.Add(relative);
        }
        return objects.Count == 0 ? null : objects;
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
