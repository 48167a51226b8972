using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Compatibility;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// _source filtering as Elasticsearch applies it: _source=false, a list of includes, or includes and
/// excludes with '*' wildcards over dotted paths ("include.field1", "*.field2").
/// </summary>
internal sealed class SourceFilter
{
    public static readonly SourceFilter All = new(true, Array.Empty<string>(), Array.Empty<string>());
    public static readonly SourceFilter None = new(false, Array.Empty<string>(), Array.Empty<string>());

    public SourceFilter(bool fetch, string[] includes, string[] excludes, bool? excludeVectors = null)
    {
        Fetch = fetch;
        Includes = includes;
        Excludes = excludes;
        ExcludeVectors = excludeVectors;
    }

    /// <summary>
    /// <c>_source.exclude_vectors</c> or <c>_source_exclude_vectors</c> as the request gave it; null leaves
    /// the choice to the index (index.mapping.exclude_source_vectors).
    /// </summary>
    public bool? ExcludeVectors { get; }

    public bool Fetch { get; }
    public string[] Includes { get; }
    public string[] Excludes { get; }
    public bool IsIdentity => Fetch && Includes.Length == 0 && Excludes.Length == 0;

    /// <summary>From the _source, _source_includes and _source_excludes query parameters; null when none given.</summary>
    public static SourceFilter? FromParameters(IRequestParameters request)
    {
        var source = request.Param("_source");
        var includes = request.ListParam("_source_includes") ?? request.ListParam("_source_include");
        var excludes = request.ListParam("_source_excludes") ?? request.ListParam("_source_exclude");
        bool? excludeVectors = request.HasParam("_source_exclude_vectors") ? request.Flag("_source_exclude_vectors", true) : null;
        if (source == null && includes == null && excludes == null)
            return excludeVectors == null ? null : new SourceFilter(true, Array.Empty<string>(), Array.Empty<string>(), excludeVectors);
        var fetch = true;
        var sourceIncludes = Array.Empty<string>();
        if (source is "false")
            fetch = false;
        else if (source is not (null or "true" or ""))
            sourceIncludes = source.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SourceFilter(fetch || includes != null, includes ?? sourceIncludes, excludes ?? Array.Empty<string>(), excludeVectors);
    }

    /// <summary>From a body's "_source" value: true/false, "a,b", ["a"], or {"includes":..., "excludes":...}.</summary>
    public static SourceFilter FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null: return All;
            case JsonArray array: return new SourceFilter(true, array.Select(n => n!.ToString()).ToArray(), Array.Empty<string>());
            case JsonObject obj:
                bool? excludeVectors = obj["exclude_vectors"] switch
                {
                    null => null,
                    var v when v.GetValueKind() == JsonValueKind.True => true,
                    var v when v.GetValueKind() == JsonValueKind.False => false,
                    var v => throw new ElasticsearchException(400, "parsing_exception", $"Unknown key for a {TokenName(v)} in [exclude_vectors]."),
                };
                return new SourceFilter(true, Strings(obj["includes"] ?? obj["include"]), Strings(obj["excludes"] ?? obj["exclude"]), excludeVectors);
            default:
                if (node.GetValueKind() == JsonValueKind.True) return All;
                if (node.GetValueKind() == JsonValueKind.False) return None;
                return new SourceFilter(true, node.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Array.Empty<string>());
        }
    }

    /// <summary>
    /// Rejects what the presented version does not know: <c>_source.exclude_vectors</c> before 8.19 and 9.1,
    /// with the error Elasticsearch's source-context parser gives for an unknown key.
    /// </summary>
    public SourceFilter CheckedFor(Compatibility.VersionProfile profile)
        => ExcludeVectors != null && !profile.HasExcludeVectorsOption
            ? throw new ElasticsearchException(400, "parsing_exception", "Unknown key for a VALUE_BOOLEAN in [exclude_vectors].")
            : this;

    /// <summary>
    /// The vector fields of <paramref name="index"/> to leave out of a returned _source: all of them when
    /// the request or else the index excludes vectors, except those the request names in its includes.
    /// </summary>
    public IReadOnlySet<string>? VectorsLeftOut(LocalIndex index)
    {
        var vectors = index.Mapping.VectorPaths;
        if (vectors.Count == 0 || !(ExcludeVectors ?? index.Settings.ExcludesSourceVectors))
            return null;
        if (!Includes.Any(vectors.Contains))
            return vectors;
        var left = vectors.Where(v => !Includes.Contains(v)).ToHashSet(StringComparer.Ordinal);
        return left.Count == 0 ? null : left;
    }

    private static string TokenName(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "VALUE_STRING",
        JsonValueKind.Number => "VALUE_NUMBER",
        JsonValueKind.Null => "VALUE_NULL",
        JsonValueKind.Array => "START_ARRAY",
        _ => "START_OBJECT",
    };

    private static string[] Strings(JsonNode? node) => node switch
    {
        null => Array.Empty<string>(),
        JsonArray array => array.Select(n => n!.ToString()).ToArray(),
        _ => node.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    /// <summary>
    /// Writes a stored document's (filtered) source as <paramref name="index"/> returns it: vectors left out
    /// as the request or the index asks, and, in an index that keeps vectors out of _source, a vector sent
    /// as base64 given back as the float array the index holds (Elasticsearch reads such a vector from its
    /// vector index, never from the base64 text).
    /// </summary>
    public void WriteSource(Utf8JsonWriter writer, StoredDocument doc, LocalIndex index)
    {
        var leftOut = VectorsLeftOut(index);
        if (doc.VectorsStripped)
        {
            if (IsIdentity)
                ExcludedSourceVectors.Write(writer, doc, leftOut);
            else
                WriteSource(writer, doc.FullSource(), leftOut);
            return;
        }
        WriteSource(writer, index.Settings.ExcludesSourceVectors ? EncodedVectorSource.AsFloatArrays(doc, leftOut) : doc.StoredSource, leftOut);
    }

    /// <summary>Writes the (filtered) source as the value of the current property, without the <paramref name="leftOut"/> fields.</summary>
    public void WriteSource(Utf8JsonWriter writer, ReadOnlyMemory<byte> source, IReadOnlySet<string>? leftOut = null)
    {
        if (IsIdentity)
        {
            if (leftOut == null)
                writer.WriteRawValue(source.Span, skipInputValidation: true);
            else
                SourceFieldRemover.Write(writer, source.Span, leftOut);
            return;
        }
        var node = JsonNode.Parse(source.Span) as JsonObject ?? new JsonObject();
        if (leftOut == null)
        {
            Apply(node).WriteTo(writer);
            return;
        }
        SourceFieldRemover.Write(writer, System.Text.Encoding.UTF8.GetBytes(Apply(node).ToJsonString()), leftOut);
    }

    public JsonObject Apply(JsonObject source)
    {
        var result = new JsonObject();
        Filter(source, "", result);
        return result;
    }

    private void Filter(JsonObject source, string prefix, JsonObject target)
    {
        foreach (var (name, value) in source)
        {
            var path = prefix + name;
            if (Excludes.Any(e => Wildcard.Matches(e, path)))
                continue;
            var included = Includes.Length == 0 || Includes.Any(i => Wildcard.Matches(i, path) || Wildcard.Matches(i + ".*", path));
            if (included && (Excludes.Length == 0 || value is not JsonObject))
            {
                target[name] = value?.DeepClone();
                continue;
            }
            if (value is JsonObject child && (included || Includes.Any(i => i.StartsWith(path + ".", StringComparison.Ordinal) || i.StartsWith('*'))))
            {
                var filtered = new JsonObject();
                FilterNested(child, path + ".", filtered, included);
                if (filtered.Count > 0 || included)
                    target[name] = filtered;
            }
        }
    }

    private void FilterNested(JsonObject source, string prefix, JsonObject target, bool parentIncluded)
    {
        foreach (var (name, value) in source)
        {
            var path = prefix + name;
            if (Excludes.Any(e => Wildcard.Matches(e, path)))
                continue;
            var included = parentIncluded || Includes.Any(i => Wildcard.Matches(i, path) || Wildcard.Matches(i + ".*", path));
            if (value is JsonObject child)
            {
                var filtered = new JsonObject();
                FilterNested(child, path + ".", filtered, included);
                if (filtered.Count > 0 || included)
                    target[name] = filtered;
            }
            else if (included)
            {
                target[name] = value?.DeepClone();
            }
        }
    }
}
