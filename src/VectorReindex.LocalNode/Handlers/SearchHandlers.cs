using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Search;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>_search, _count, _msearch and scroll over the refresh snapshots or a point in time.</summary>
internal sealed class SearchHandlers
{
    private const string IndicesParams = "ignore_unavailable,allow_no_indices,expand_wildcards,ignore_throttled,routing,preference";
    private const string SearchParams = IndicesParams + ",rest_total_hits_as_int,size,from,q,df,analyzer,default_operator,lenient,sort,_source,_source_includes,_source_excludes,_source_include,_source_exclude,track_total_hits,search_type,request_cache,typed_keys,timeout,version,seq_no_primary_term,stored_fields,docvalue_fields,scroll,track_scores,explain,terminate_after,batched_reduce_size,max_concurrent_shard_requests,pre_filter_shard_size,allow_partial_search_results,ccs_minimize_roundtrips,include_named_queries_score,stats,suggest_field,suggest_mode,suggest_size,suggest_text,analyze_wildcard,force_synthetic_source";
    private readonly LocalNodeEngine _engine;
    private readonly SearchContextRegistry _contexts;
    private readonly FieldUsageRegistry _fieldUsage;

    public SearchHandlers(LocalNodeEngine engine, SearchContextRegistry contexts, FieldUsageRegistry fieldUsage)
    {
        _engine = engine;
        _contexts = contexts;
        _fieldUsage = fieldUsage;
    }

    public void Register(RestRouter router)
    {
        var searchParams = SearchParams + (_engine.Profile.HasExcludeVectorsParameter ? ",_source_exclude_vectors" : "");
        router.Add("GET,POST", "/_search", searchParams, Search);
        router.Add("GET,POST", "/{index}/_search", searchParams, Search);
        router.Add("GET,POST", "/_count", IndicesParams + ",q,df,analyzer,default_operator,lenient,min_score,terminate_after,analyze_wildcard", Count);
        router.Add("GET,POST", "/{index}/_count", IndicesParams + ",q,df,analyzer,default_operator,lenient,min_score,terminate_after,analyze_wildcard", Count);
        router.Add("GET,POST", "/_msearch", "rest_total_hits_as_int,typed_keys,max_concurrent_searches,search_type,ccs_minimize_roundtrips,max_concurrent_shard_requests,pre_filter_shard_size,ignore_unavailable,allow_no_indices,expand_wildcards", MultiSearch);
        router.Add("GET,POST", "/{index}/_msearch", "rest_total_hits_as_int,typed_keys,max_concurrent_searches,search_type,ccs_minimize_roundtrips,max_concurrent_shard_requests,pre_filter_shard_size,ignore_unavailable,allow_no_indices,expand_wildcards", MultiSearch);
        router.Add("GET,POST", "/_search/scroll", "scroll,scroll_id,rest_total_hits_as_int", Scroll);
        router.Add("GET,POST", "/_search/scroll/{scroll_id}", "scroll,scroll_id,rest_total_hits_as_int", Scroll);
        router.Add("DELETE", "/_search/scroll", "", ClearScroll);
        router.Add("DELETE", "/_search/scroll/{scroll_id}", "", ClearScroll);
        router.Add("GET,POST", "/{index}/_knn_search", "routing", KnnSearch);
    }

    private RestResponse Search(RestRequest request) => Search(request, request.PathParam("index"), RequestBody.ParseObjectOrNull(request));

    private RestResponse Search(RestRequest request, string? index, JsonObject? body)
    {
        var watch = Stopwatch.StartNew();
        var search = SearchRequest.Parse(request, body);
        search.Source.CheckedFor(_engine.Profile);
        search.DecodeQueryVectors(_engine.Profile);
        var (targets, pitId) = Targets(request, index, search);
        var result = SearchExecutor.Execute(search, targets);
        string? scrollId = null;
        if (search.Scroll is { } keepAlive)
        {
            scrollId = SearchContextRegistry.NewId("scroll:");
            _contexts.Add(new ScrollContext(scrollId, search, result.Hits, result.TotalHits, search.From + search.Size, keepAlive) { Shards = result.Shards });
        }
        var page = result.Hits.Skip(search.From).Take(search.Size).ToList();
        _fieldUsage.Record(search, targets, page);
        return SearchResponseWriter.Write(search, page, result.TotalHits, result.Shards, result.ScoresTracked, result.Query, watch.ElapsedMilliseconds, pitId, scrollId, matched: result.AggregationMatches);
    }

    private (List<SearchTarget> Targets, string? PitId) Targets(RestRequest request, string? index, SearchRequest search)
    {
        if (search.PitId != null)
        {
            if (index != null)
                throw Errors.ActionValidation("[indices] cannot be used with point in time. Do not specify any index with point in time.");
            var pit = _contexts.GetPit(search.PitId);
            if (search.PitKeepAlive is { } keepAlive)
                pit.Extend(keepAlive);
            return (WithIndexBoosts(ShardTargets.Of(pit), search), pit.Id);
        }
        var options = IndicesOptions.From(request, new IndicesOptions());
        var resolved = TargetResolver.Resolve(_engine.Cluster, index, options, request.Param("routing"));
        return (WithIndexBoosts(ShardTargets.Current(resolved), search), null);
    }

    /// <summary>
    /// Gives each target the boost of the first indices_boost entry whose expression (a name, alias or
    /// wildcard) reaches its index; an expression that names nothing is an error, as Elasticsearch resolves them.
    /// </summary>
    private List<SearchTarget> WithIndexBoosts(List<SearchTarget> targets, SearchRequest search)
    {
        if (search.IndicesBoost.Count == 0)
            return targets;
        var reached = search.IndicesBoost.Select(b => (Indices: _engine.Cluster.Resolve(b.Expression, new IndicesOptions()), b.Boost)).ToList();
        foreach (var target in targets)
            foreach (var (indices, boost) in reached)
                if (indices.Contains(target.Index))
                {
                    target.IndexBoost = boost;
                    break;
                }
        return targets;
    }

    private RestResponse Count(RestRequest request)
    {
        var body = RequestBody.ParseObjectOrNull(request);
        if (body != null)
            foreach (var (key, _) in body)
                if (key is not "query")
                    throw new ElasticsearchException(400, "parsing_exception", $"request does not support [{key}]").With("line", 1).With("col", 3);
        if (request.IntParam("terminate_after") is < 0)
            throw Errors.IllegalArgument("terminateAfter must be > 0");
        var search = SearchRequest.Parse(new RestRequest(request.Method, request.Path, request.PathParams,
            request.Query.Where(p => p.Key is "q" or "df" or "ignore_unavailable" or "allow_no_indices" or "expand_wildcards").ToDictionary(p => p.Key, p => p.Value), default, null),
            body?["query"] is { } q ? new JsonObject { ["query"] = q.DeepClone(), ["size"] = 0 } : new JsonObject { ["size"] = 0 });
        var (targets, _) = Targets(request, request.PathParam("index"), search);
        var result = SearchExecutor.Execute(search, targets);
        _fieldUsage.Record(search, targets, Array.Empty<Hit>());
        var minScore = request.Param("min_score") is { } m ? float.Parse(m, System.Globalization.CultureInfo.InvariantCulture) : (float?)null;
        var count = minScore == null ? result.TotalHits : result.Hits.Count(h => h.Score >= minScore);
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", count);
            SearchResponseWriter.WriteShards(w, result.Shards);
            w.WriteEndObject();
        });
    }

    private RestResponse KnnSearch(RestRequest request)
    {
        var body = RequestBody.ParseObject(request);
        var knn = body["knn"] ?? throw Errors.IllegalArgument("[knn] is required");
        var translated = new JsonObject { ["knn"] = knn.DeepClone() };
        if (body["filter"] is { } filter && knn is JsonObject k)
            ((JsonObject)translated["knn"]!)["filter"] = filter.DeepClone();
        foreach (var key in new[] { "_source", "fields", "docvalue_fields", "stored_fields" })
            if (body[key] is { } v)
                translated[key] = v.DeepClone();
        if (knn["k"] is { } kValue)
            translated["size"] = kValue.DeepClone();
        var query = request.Param("routing") is { } routing ? new Dictionary<string, string> { ["routing"] = routing } : new();
        return Search(new RestRequest(request.Method, request.Path, request.PathParams, query, default, null), request.PathParam("index"), translated);
    }

    private RestResponse MultiSearch(RestRequest request)
    {
        var lines = Encoding.UTF8.GetString(request.Body.Span).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var items = new List<(JsonObject Header, JsonObject Body)>();
        for (var i = 0; i + 1 < lines.Count; i += 2)
        {
            var header = JsonNode.Parse(lines[i]) as JsonObject ?? new JsonObject();
            var body = JsonNode.Parse(lines[i + 1]) as JsonObject ?? new JsonObject();
            if (body["pit"] != null && (header["index"] != null || request.PathParam("index") != null))
                throw Errors.ActionValidation("[indices] cannot be used with point in time. Do not specify any index with point in time.");
            items.Add((header, body));
        }
        var watch = Stopwatch.StartNew();
        var responses = new List<byte[]>();
        foreach (var (header, body) in items)
        {
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            if (request.Param("rest_total_hits_as_int") is { } asInt)
                query["rest_total_hits_as_int"] = asInt;
            foreach (var key in new[] { "ignore_unavailable", "allow_no_indices", "expand_wildcards", "search_type", "routing", "preference" })
                if (header[key] is { } v)
                    query[key] = v is JsonArray a ? string.Join(",", a.Select(x => x!.ToString())) : v.ToString();
            var index = header["index"] is JsonArray names ? string.Join(",", names.Select(n => n!.ToString())) : header["index"]?.ToString() ?? request.PathParam("index");
            RestResponse response;
            try
            {
                response = Search(new RestRequest("POST", request.Path, new(), query, default, null), index, body);
            }
            catch (ElasticsearchException ex)
            {
                response = RestResponse.Error(ex);
            }
            var node = JsonNode.Parse(response.Body.Span)!.AsObject();
            node["status"] = response.Status;
            responses.Add(Encoding.UTF8.GetBytes(node.ToJsonString()));
        }
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("took", watch.ElapsedMilliseconds);
            w.WritePropertyName("responses");
            w.WriteStartArray();
            foreach (var r in responses)
                w.WriteRawValue(r, skipInputValidation: true);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private RestResponse Scroll(RestRequest request)
    {
        var body = RequestBody.ParseObjectOrNull(request);
        var id = body?["scroll_id"]?.ToString() ?? request.PathParam("scroll_id") ?? request.Param("scroll_id")
            ?? throw Errors.ActionValidation("scrollId is missing");
        var keepAliveText = body?["scroll"]?.ToString() ?? request.Param("scroll");
        var scroll = _contexts.GetScroll(id);
        if (keepAliveText != null && TimeValue.Parse(keepAliveText, "scroll") is { } keepAlive)
            scroll.Extend(keepAlive);
        List<Hit> page;
        lock (scroll.Lock)
        {
            page = scroll.Hits.Skip(scroll.Position).Take(scroll.Request.Size).ToList();
            scroll.Position += page.Count;
        }
        var search = scroll.Request;
        var asInt = request.HasParam("rest_total_hits_as_int") ? request.Flag("rest_total_hits_as_int", false) : search.TotalHitsAsInt;
        return SearchResponseWriter.Write(search, page, scroll.TotalHits, scroll.Shards, search.Sort == null || search.Sort.Any(k => k.IsScore),
            search.Query ?? new MatchAllQuery(), 1, null, id, asInt);
    }

    private RestResponse ClearScroll(RestRequest request)
    {
        var body = RequestBody.ParseObjectOrNull(request);
        var ids = new List<string>();
        switch (body?["scroll_id"])
        {
            case JsonArray array: ids.AddRange(array.Select(i => i!.ToString())); break;
            case { } single: ids.AddRange(single.ToString().Split(',')); break;
            default:
                if (request.PathParam("scroll_id") is { } path)
                    ids.AddRange(path.Split(','));
                break;
        }
        if (ids.Count == 0)
            throw Errors.ActionValidation("no scroll ids specified");
        var freed = ids.Contains("_all") ? _contexts.CloseAllScrolls() : ids.Count(_contexts.CloseScroll);
        return RestResponse.Json(freed == 0 ? 404 : 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("succeeded", true);
            w.WriteNumber("num_freed", freed);
            w.WriteEndObject();
        });
    }
}
