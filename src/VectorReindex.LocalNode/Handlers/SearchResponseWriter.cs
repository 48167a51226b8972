using System.Text.Json;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Search;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>Writes a search response as Elasticsearch shapes it.</summary>
internal static class SearchResponseWriter
{
    public static RestResponse Write(SearchRequest request, IReadOnlyList<Hit> page, long totalHits, int shards, bool scoresTracked, Query query, long tookMillis, string? pitId, string? scrollId, bool? totalHitsAsInt = null, IReadOnlyList<Hit>? matched = null)
    {
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            if (scrollId != null)
                w.WriteString("_scroll_id", scrollId);
            if (pitId != null)
                w.WriteString("pit_id", pitId);
            w.WriteNumber("took", tookMillis);
            w.WriteBoolean("timed_out", false);
            WriteShards(w, shards);
            w.WritePropertyName("hits");
            w.WriteStartObject();
            WriteTotal(w, request, totalHits, totalHitsAsInt ?? request.TotalHitsAsInt);
            var maxScore = scoresTracked && page.Count > 0 ? page.Max(h => h.Score) : float.NaN;
            if (float.IsNaN(maxScore)) w.WriteNull("max_score"); else w.WriteNumber("max_score", maxScore);
            w.WritePropertyName("hits");
            w.WriteStartArray();
            foreach (var hit in page)
                WriteHit(w, request, hit, scoresTracked, query);
            w.WriteEndArray();
            w.WriteEndObject();
            if (request.Aggregations != null && matched != null)
            {
                w.WritePropertyName("aggregations");
                w.WriteStartObject();
                Search.Aggregations.Aggregation.WriteAll(w, request.Aggregations, matched);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
    }

    public static void WriteShards(Utf8JsonWriter w, int shards)
    {
        w.WritePropertyName("_shards");
        w.WriteStartObject();
        w.WriteNumber("total", shards);
        w.WriteNumber("successful", shards);
        w.WriteNumber("skipped", 0);
        w.WriteNumber("failed", 0);
        w.WriteEndObject();
    }

    private static void WriteTotal(Utf8JsonWriter w, SearchRequest request, long total, bool asInt)
    {
        if (request.TrackTotalHitsUpTo < 0)
        {
            if (asInt)
                w.WriteNumber("total", -1);
            return;
        }
        var capped = total > request.TrackTotalHitsUpTo;
        var value = capped ? request.TrackTotalHitsUpTo : total;
        if (asInt)
        {
            w.WriteNumber("total", value);
            return;
        }
        w.WritePropertyName("total");
        w.WriteStartObject();
        w.WriteNumber("value", value);
        w.WriteString("relation", capped ? "gte" : "eq");
        w.WriteEndObject();
    }

    private static void WriteHit(Utf8JsonWriter w, SearchRequest request, Hit hit, bool scoresTracked, Query query)
    {
        var target = hit.Target;
        var doc = target.Doc(hit.Doc);
        w.WriteStartObject();
        w.WriteString("_index", target.Index.Name);
        w.WriteString("_id", doc.Id);
        if (request.Version)
            w.WriteNumber("_version", doc.Version);
        if (request.SeqNoPrimaryTerm)
        {
            w.WriteNumber("_seq_no", doc.SeqNo);
            w.WriteNumber("_primary_term", doc.PrimaryTerm);
        }
        if (scoresTracked && !float.IsNaN(hit.Score)) w.WriteNumber("_score", hit.Score); else w.WriteNull("_score");
        if (doc.Routing != null)
            w.WriteString("_routing", doc.Routing);
        if (request.Source.Fetch)
        {
            w.WritePropertyName("_source");
            request.Source.WriteSource(w, doc, target.Index);
        }
        var fields = HitFields.Collect(target, hit.Doc, request.Fields.Concat(request.DocValueFields).ToList());
        if (fields != null)
        {
            w.WritePropertyName("fields");
            fields.WriteTo(w);
        }
        var matched = new Dictionary<string, float>(StringComparer.Ordinal);
        query.CollectMatched(target, hit.Doc, matched);
        if (matched.Count > 0)
        {
            w.WritePropertyName("matched_queries");
            if (request.IncludeNamedQueriesScore)
            {
                w.WriteStartObject();
                foreach (var (name, score) in matched)
                    w.WriteNumber(name, score);
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartArray();
                foreach (var name in matched.Keys)
                    w.WriteStringValue(name);
                w.WriteEndArray();
            }
        }
        if (hit.SortValues != null && request.Sort != null)
        {
            w.WritePropertyName("sort");
            w.WriteStartArray();
            for (var i = 0; i < hit.SortValues.Length; i++)
                SortSpec.WriteValue(w, i < request.Sort.Count ? SortSpec.Display(request.Sort[i], hit.Target, hit.SortValues[i]) : hit.SortValues[i]);
            w.WriteEndArray();
        }
        InnerHitsWriter.Write(w, hit, query);
        w.WriteEndObject();
    }
}
