using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Compatibility;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Mapping;

/// <summary>
/// An index's mapping: the JSON Elasticsearch returns from GET _mapping (normalized, properties sorted)
/// and the compiled leaf fields that document parsing uses. Immutable: an update yields a new one.
/// </summary>
internal sealed class IndexMapping
{
    private static readonly HashSet<string> RootParameters = new()
    {
        "properties", "dynamic", "_meta", "_source", "_routing", "runtime", "dynamic_templates", "date_detection",
        "numeric_detection", "dynamic_date_formats", "enabled", "subobjects", "_field_names", "_data_stream_timestamp",
    };

    private static readonly HashSet<string> KnownTypes = new()
    {
        "text", "keyword", "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long",
        "boolean", "date", "date_nanos", "object", "nested", "flattened", "dense_vector", "sparse_vector", "ip", "geo_point",
        "geo_shape", "point", "shape", "binary", "match_only_text", "wildcard", "constant_keyword", "alias", "rank_feature",
        "rank_features", "search_as_you_type", "completion", "token_count", "version", "integer_range", "long_range",
        "float_range", "double_range", "date_range", "ip_range", "histogram", "percolator", "join", "semantic_text", "passthrough",
    };

    public static readonly IndexMapping Empty = new(new JsonObject());

    private IndexMapping(JsonObject source)
    {
        Source = source;
        var fields = new Dictionary<string, FieldMapping>(StringComparer.Ordinal);
        var objects = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = source["dynamic"]?.ToString() ?? "true" };
        var nested = new Dictionary<string, NestedObjectMapping>(StringComparer.Ordinal);
        if (source["properties"] is JsonObject properties)
            Compile(properties, "", objects[""], null, fields, objects, nested);
        Fields = fields;
        ObjectDynamic = objects;
        NestedObjects = nested;
        VectorPaths = fields.Values.Where(f => f.Type is "dense_vector" or "sparse_vector" or "rank_vectors").Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The mapping as GET _mapping shows it ({} when nothing is mapped).</summary>
    public JsonObject Source { get; }

    public IReadOnlyDictionary<string, FieldMapping> Fields { get; }

    /// <summary>The effective "dynamic" setting of every object path ("" is the root).</summary>
    public IReadOnlyDictionary<string, string> ObjectDynamic { get; }

    /// <summary>The objects mapped as type nested, by path (empty for most indexes).</summary>
    public IReadOnlyDictionary<string, NestedObjectMapping> NestedObjects { get; }

    /// <summary>
    /// Whether a query on a document of <paramref name="scope"/> (a nested object's path, null for the root
    /// document) sees <paramref name="field"/>: its own fields, and those of nested objects below it that
    /// include_in_parent or include_in_root copy up to it.
    /// </summary>
    public bool IsVisible(FieldMapping field, string? scope)
    {
        var path = field.NestedPath;
        while (path != scope)
        {
            if (path == null)
                return false;
            var nested = NestedObjects[path];
            if (nested.IncludeInRoot && scope == null)
                return true;
            if (!nested.IncludeInParent)
                return false;
            path = nested.ParentPath;
        }
        return true;
    }

    public bool HasVectors => Fields.Values.Any(f => f.Vector != null);

    /// <summary>Paths of the vector fields (dense_vector, sparse_vector, rank_vectors) that exclude_vectors leaves out of _source.</summary>
    public IReadOnlySet<string> VectorPaths { get; }

    public static IndexMapping FromStored(JsonObject source) => new((JsonObject)source.DeepClone());

    /// <summary>Applies a create or put-mapping body, validating it as Elasticsearch does.</summary>
    public IndexMapping Merge(JsonNode? update, VersionProfile profile)
    {
        if (update == null)
            return this;
        if (update is not JsonObject body)
            throw MappingErrors.Parsing("Expected map for property [mappings] but got a class java.lang.String");
        if (body.Count == 1 && body.First().Key == "_doc" && body["_doc"] is JsonObject)
            throw Errors.IllegalArgument("Types cannot be provided in put mapping requests");
        var unknown = body.Where(p => !RootParameters.Contains(p.Key)).ToList();
        if (unknown.Count > 0)
        {
            if (unknown.Any(p => p.Value is JsonObject o && o.ContainsKey("properties")))
                throw Errors.IllegalArgument("Types cannot be provided in put mapping requests");
            throw MappingErrors.Parsing("Root mapping definition has unsupported parameters:  " + string.Join(" ", unknown.Select(p => $"[{p.Key} : {p.Value?.ToJsonString()}]")));
        }
        var merged = (JsonObject)Source.DeepClone();
        foreach (var (key, value) in body)
        {
            if (key == "properties")
            {
                var normalized = NormalizeProperties("", value, profile);
                var existing = merged["properties"] as JsonObject ?? new JsonObject();
                merged["properties"] = MergeProperties(existing, normalized, "");
            }
            else
            {
                merged[key] = value?.DeepClone();
            }
        }
        return new IndexMapping(Sorted(merged, sortAll: false));
    }

    private static JsonObject NormalizeProperties(string prefix, JsonNode? properties, VersionProfile profile)
    {
        if (properties is not JsonObject props)
            throw MappingErrors.Parsing($"Expected map for property [properties] on field [{(prefix.Length == 0 ? "_doc" : prefix.TrimEnd('.'))}] but got a class java.lang.String");
        var result = new JsonObject();
        foreach (var (rawName, definition) in props)
        {
            if (rawName.Length == 0 || rawName.Split('.').Any(p => p.Length == 0))
                throw Errors.IllegalArgument(rawName.Length == 0 ? "field name cannot be an empty string" : $"field name cannot contain only whitespace or dots: ['{rawName}']");
            var parts = rawName.Split('.');
            if (definition is not JsonObject def)
                throw MappingErrors.Parsing($"Expected map for property [fields] on field [{rawName}] but got a class java.lang.String");
            var normalized = NormalizeField(prefix + rawName, parts[^1], def, profile);
            for (var i = parts.Length - 2; i >= 0; i--)
                normalized = new JsonObject { ["properties"] = new JsonObject { [parts[i + 1]] = normalized } };
            var target = parts[0];
            result[target] = result[target] is JsonObject already ? MergeField(already, normalized, prefix + target) : normalized;
        }
        return result;
    }

    private static JsonObject NormalizeField(string path, string leafName, JsonObject definition, VersionProfile profile)
    {
        var type = definition["type"]?.ToString() ?? "object";
        if (!KnownTypes.Contains(type))
            throw MappingErrors.Parsing($"The mapper type [{type}] declared on field [{leafName}] does not exist. It might have been created within a future version or requires a plugin to be installed. Check the documentation.");
        if (type == "dense_vector")
            return DenseVectorDefinition.Normalize(leafName, definition, profile);
        var result = new JsonObject();
        foreach (var (key, value) in definition)
        {
            if (key == "properties" && type is "object" or "nested")
                result[key] = NormalizeProperties(path + ".", value, profile);
            else if (key == "fields")
                result[key] = NormalizeMultiFields(path, value, profile);
            else
                result[key] = value?.DeepClone();
        }
        return result;
    }

    private static JsonObject NormalizeMultiFields(string path, JsonNode? fields, VersionProfile profile)
    {
        if (fields is not JsonObject multi)
            throw MappingErrors.Parsing($"Expected map for property [fields] on field [{path}] but got a class java.lang.String");
        var result = new JsonObject();
        foreach (var (name, definition) in multi)
        {
            if (definition is not JsonObject def)
                throw MappingErrors.Parsing($"Expected map for property [fields] on field [{name}] but got a class java.lang.String");
            var type = def["type"]?.ToString() ?? "object";
            if (!KnownTypes.Contains(type) || type is "object" or "nested")
                throw MappingErrors.Parsing($"The mapper type [{type}] declared on field [{name}] does not exist. It might have been created within a future version or requires a plugin to be installed. Check the documentation.");
            result[name] = NormalizeField(path + "." + name, name, def, profile);
        }
        return result;
    }

    private static JsonObject MergeProperties(JsonObject existing, JsonObject update, string prefix)
    {
        var result = (JsonObject)existing.DeepClone();
        foreach (var (name, definition) in update)
        {
            var incoming = (JsonObject)definition!.DeepClone();
            result[name] = result[name] is JsonObject current ? MergeField(current, incoming, prefix + name) : incoming;
        }
        return Sorted(result, sortAll: true);
    }

    private static JsonObject MergeField(JsonObject current, JsonObject incoming, string path)
    {
        var currentType = current["type"]?.ToString() ?? "object";
        var incomingType = incoming["type"]?.ToString() ?? "object";
        if (currentType != incomingType)
        {
            if (currentType is "object" or "nested" && incomingType is "object" or "nested")
                throw Errors.IllegalArgument($"can't merge a non-nested mapping [{path}] with a nested mapping");
            if (currentType == "object" || incomingType == "object")
                throw Errors.IllegalArgument($"can't merge a non object mapping [{path}] with an object mapping");
            throw Errors.IllegalArgument($"mapper [{path}] cannot be changed from type [{currentType}] to [{incomingType}]");
        }
        if (currentType is "object" or "nested")
        {
            var merged = (JsonObject)current.DeepClone();
            foreach (var (key, value) in incoming)
            {
                if (key == "properties")
                    merged[key] = MergeProperties(current["properties"] as JsonObject ?? new JsonObject(), (JsonObject)value!, path + ".");
                else
                    merged[key] = value?.DeepClone();
            }
            return merged;
        }
        if (currentType == "dense_vector")
            CheckVectorUpdate(current, incoming, path);
        var result = (JsonObject)incoming.DeepClone();
        if (current["fields"] is JsonObject oldFields)
        {
            var newFields = incoming["fields"] as JsonObject ?? new JsonObject();
            result["fields"] = MergeProperties(oldFields, newFields, path + ".");
        }
        return result;
    }

    private static void CheckVectorUpdate(JsonObject current, JsonObject incoming, string path)
    {
        var problems = new List<string>();
        foreach (var parameter in new[] { "element_type", "dims", "index", "similarity" })
        {
            var before = current[parameter]?.ToJsonString();
            var after = incoming[parameter]?.ToJsonString();
            if (parameter == "dims" && before == null)
                continue;
            if (before != after)
                problems.Add($"Cannot update parameter [{parameter}] from [{Unquote(before)}] to [{Unquote(after)}]");
        }
        var oldOptions = current["index_options"]?["type"]?.ToString();
        var newOptions = incoming["index_options"]?["type"]?.ToString();
        if (oldOptions != null && newOptions != null && !IndexOptionsUpgrade.IsAllowed(oldOptions, newOptions))
            problems.Add($"Cannot update parameter [index_options] from [{current["index_options"]!.ToJsonString()}] to [{incoming["index_options"]!.ToJsonString()}]");
        if (problems.Count > 0)
            throw Errors.IllegalArgument($"Mapper for [{path}] conflicts with existing mapper:\n\t" + string.Join("\n\t", problems));
    }

    private static bool IsTrue(JsonNode? value) => value?.ToString() is "true" or "True";

    private static string Unquote(string? json) => json == null ? "null" : json.Trim('"');

    private static JsonObject Sorted(JsonObject obj, bool sortAll)
    {
        var keys = obj.Select(p => p.Key).ToList();
        if (sortAll)
            keys.Sort(StringComparer.Ordinal);
        var result = new JsonObject();
        foreach (var key in keys)
        {
            var value = obj[key];
            obj.Remove(key);
            result[key] = value;
        }
        return result;
    }

    private static void Compile(JsonObject properties, string prefix, string dynamic, string? nestedPath, Dictionary<string, FieldMapping> fields,
        Dictionary<string, string> objects, Dictionary<string, NestedObjectMapping> nested)
    {
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject definition)
                continue;
            var path = prefix + name;
            var type = definition["type"]?.ToString() ?? "object";
            if (type is "object" or "nested")
            {
                var childDynamic = definition["dynamic"]?.ToString() ?? dynamic;
                objects[path] = childDynamic;
                var childNestedPath = nestedPath;
                if (type == "nested")
                {
                    nested[path] = new NestedObjectMapping(path, nestedPath, IsTrue(definition["include_in_parent"]), IsTrue(definition["include_in_root"]));
                    childNestedPath = path;
                }
                if (definition["properties"] is JsonObject children)
                    Compile(children, path + ".", childDynamic, childNestedPath, fields, objects, nested);
                continue;
            }
            var vector = type == "dense_vector" ? DenseVectorDefinition.Compile(definition) : null;
            var dateFormat = type is "date" or "date_nanos" && definition["format"] is { } format ? DateFormat.Parse(format.ToString()) : null;
            fields[path] = new FieldMapping(path, type, definition["store"]?.ToString() == "true", vector, dateFormat, nestedPath);
            if (definition["fields"] is JsonObject multi)
                foreach (var (sub, subNode) in multi)
                    if (subNode is JsonObject subDefinition)
                        fields[path + "." + sub] = new FieldMapping(path + "." + sub, subDefinition["type"]?.ToString() ?? "keyword", false, null, NestedPath: nestedPath);
        }
    }
}
