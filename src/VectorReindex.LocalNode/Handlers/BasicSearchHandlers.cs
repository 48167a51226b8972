using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Cluster;
using VectorReindex.LocalNode.Documents;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Search;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>
/// A minimal _search and _count over the refresh snapshots (query subset, size/from, sort on _id),
/// enough to observe refresh semantics; the search side replaces it.
/// </summary>
internal sealed class BasicSearchHandlers
{
    private const string SearchParams = "rest_total_hits_as_int,size,from,q,sort,_source,_source_includes,_source_excludes,track_total_hits,ignore_unavailable,allow_no_indices,expand_wildcards,routing,preference,search_type,request_cache,typed_keys,timeout,version,seq_no_primary_term";
    private readonly LocalNodeEngine _engine;

    public BasicSearchHandlers(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    public void Register(RestRouter router)
    {
        router.Add("GET,POST", "/_search", SearchParams, Search);
        router.Add("GET,POST", "/{index}/_search", SearchParams, Search);
        router.Add("GET,POST", "/_count", "q,ignore_unavailable,allow_no_indices,expand_wildcards,routing,preference,min_score,terminate_after", Count);
        router.Add("GET,POST", "/{index}/_count", "q,ignore_unavailable,allow_no_indices,expand_wildcards,routing,preference,min_score,terminate_after", Count);
    }

    private List<(LocalIndex Index, StoredDocument Doc)> Matching(RestRequest request, JsonObject body)
    {
        var indices = _engine.Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, new IndicesOptions()));
        var query = BasicQuery.Compile(body["query"]);
        var name = request.PathParam("index");
        var result = new List<(LocalIndex, StoredDocument)>();
        foreach (var index in indices)
        {
            Func<StoredDocument, bool>? aliasFilter = null;
            if (name != null && index.Aliases.TryGetValue(name, out var alias) && alias.Filter != null)
                aliasFilter = BasicQuery.Compile(alias.Filter);
            foreach (var doc in index.Store.Snapshot.Documents)
                if (query(doc) && (aliasFilter == null || aliasFilter(doc)))
                    result.Add((index, doc));
        }
        return result;
    }

    private RestResponse Search(RestRequest request)
    {
        var body = RequestBody.ParseObjectOrNull(request) ?? new JsonObject();
        var hits = Matching(request, body);
        var size = request.IntParam("size") ?? (body["size"] is { } s ? (int)s : 10);
        var from = request.IntParam("from") ?? (body["from"] is { } f ? (int)f : 0);
        if ((request.Param("sort") ?? body["sort"]?.ToJsonString())?.Contains("_id", StringComparison.Ordinal) == true)
            hits = hits.OrderBy(h => h.Doc.Id, StringComparer.Ordinal).ToList();
        var filter = SourceFilter.FromParameters(request) ?? (body.ContainsKey("_source") ? SourceFilter.FromJson(body["_source"]) : SourceFilter.All);
        var asInt = request.Flag("rest_total_hits_as_int", false);
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("took", 1);
            w.WriteBoolean("timed_out", false);
            w.WritePropertyName("_shards");
            w.WriteStartObject();
            w.WriteNumber("total", 1);
            w.WriteNumber("successful", 1);
            w.WriteNumber("skipped", 0);
            w.WriteNumber("failed", 0);
            w.WriteEndObject();
            w.WritePropertyName("hits");
            w.WriteStartObject();
            w.WritePropertyName("total");
            if (asInt)
                w.WriteNumberValue(hits.Count);
            else
            {
                w.WriteStartObject();
                w.WriteNumber("value", hits.Count);
                w.WriteString("relation", "eq");
                w.WriteEndObject();
            }
            if (hits.Count > 0) w.WriteNumber("max_score", 1.0); else w.WriteNull("max_score");
            w.WritePropertyName("hits");
            w.WriteStartArray();
            foreach (var (index, doc) in hits.Skip(from).Take(size))
            {
                w.WriteStartObject();
                w.WriteString("_index", index.Name);
                w.WriteString("_id", doc.Id);
                w.WriteNumber("_score", 1.0);
                if (filter.Fetch)
                {
                    w.WritePropertyName("_source");
                    filter.WriteSource(w, doc.Source!);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private RestResponse Count(RestRequest request)
    {
        var body = RequestBody.ParseObjectOrNull(request) ?? new JsonObject();
        var count = Matching(request, body).Count;
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", count);
            w.WritePropertyName("_shards");
            w.WriteStartObject();
            w.WriteNumber("total", 1);
            w.WriteNumber("successful", 1);
            w.WriteNumber("skipped", 0);
            w.WriteNumber("failed", 0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
