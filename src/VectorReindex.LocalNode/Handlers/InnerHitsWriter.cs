using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Search;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>Writes a hit's inner_hits: per nested query that asks for them, the hit's matching nested objects.</summary>
internal static class InnerHitsWriter
{
    /// <remarks>Inner hits are ranked by score whatever the outer hits are sorted by, so they always show their scores.</remarks>
    public static void Write(Utf8JsonWriter w, Hit hit, Query query)
    {
        var nestedQueries = NestedQuery.WithInnerHits(query).ToList();
        if (nestedQueries.Count == 0)
            return;
        w.WritePropertyName("inner_hits");
        w.WriteStartObject();
        foreach (var nested in nestedQueries)
        {
            var spec = nested.InnerHits!;
            var found = nested.MatchingObjects(hit.Target, hit.Doc);
            var objects = found?.Objects ?? Array.Empty<(int, float)>();
            w.WritePropertyName(spec.Name);
            w.WriteStartObject();
            w.WritePropertyName("hits");
            w.WriteStartObject();
            w.WritePropertyName("total");
            w.WriteStartObject();
            w.WriteNumber("value", objects.Count);
            w.WriteString("relation", "eq");
            w.WriteEndObject();
            if (objects.Count > 0) w.WriteNumber("max_score", objects[0].Score); else w.WriteNull("max_score");
            w.WritePropertyName("hits");
            w.WriteStartArray();
            foreach (var (child, score) in objects.Skip(spec.From).Take(spec.Size))
                WriteObject(w, found!.Value.Children, child, score, nested.Path, spec);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter w, SearchTarget children, int child, float score, string path, InnerHitsSpec spec)
    {
        var join = children.Parent!.Value.Join;
        w.WriteStartObject();
        w.WriteString("_index", children.Index.Name);
        var doc = children.Doc(child);
        w.WriteString("_id", doc.Id);
        var identity = join.IdentityOf(child);
        for (var level = 0; level < identity.Count; level++)
        {
            w.WritePropertyName("_nested");
            w.WriteStartObject();
            w.WriteString("field", identity[level].Field);
            w.WriteNumber("offset", identity[level].Offset);
        }
        for (var level = 0; level < identity.Count; level++)
            w.WriteEndObject();
        if (spec.Version)
            w.WriteNumber("_version", doc.Version);
        if (spec.SeqNoPrimaryTerm)
        {
            w.WriteNumber("_seq_no", doc.SeqNo);
            w.WriteNumber("_primary_term", doc.PrimaryTerm);
        }
        w.WriteNumber("_score", score);
        if (spec.Source.Fetch)
        {
            w.WritePropertyName("_source");
            ObjectSource(children, child, path, spec.Source).WriteTo(w);
        }
        if (HitFields.Collect(children, child, spec.Fields) is { } fields)
        {
            w.WritePropertyName("fields");
            GroupedUnder(path, fields).WriteTo(w);
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// An inner hit's fields as Elasticsearch gives them: the object's own fields grouped under its path,
    /// as one object with names relative to it ({"nested": [{"paragraph_id": ["0"]}]}).
    /// </summary>
    private static JsonObject GroupedUnder(string path, JsonObject fields)
    {
        var prefix = path + ".";
        var own = new JsonObject();
        var result = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
                own[name[prefix.Length..]] = value?.DeepClone();
            else
                result[name] = value?.DeepClone();
        }
        if (own.Count > 0)
            result[path] = new JsonArray(own);
        return result;
    }

    /// <summary>The nested object's own source (its document holds it at its full path), filtered by full paths as the hit's source is.</summary>
    private static JsonObject ObjectSource(SearchTarget children, int child, string path, SourceFilter filter)
    {
        var doc = children.Doc(child);
        var wrapped = JsonNode.Parse(doc.StoredSource.Span) as JsonObject ?? new JsonObject();
        if (!filter.IsIdentity)
            wrapped = filter.Apply(wrapped);
        if (filter.VectorsLeftOut(children.Index) is { } leftOut)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
                SourceFieldRemover.Write(writer, System.Text.Encoding.UTF8.GetBytes(wrapped.ToJsonString()), leftOut);
            wrapped = JsonNode.Parse(buffer.WrittenSpan) as JsonObject ?? new JsonObject();
        }
        JsonNode? node = wrapped;
        foreach (var part in path.Split('.'))
            node = node?[part];
        return node as JsonObject is { } obj ? (JsonObject)obj.DeepClone() : new JsonObject();
    }
}
