using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>A parsed search request: the body with the URL parameters that override it.</summary>
internal sealed class SearchRequest
{
    private static readonly HashSet<string> BodyKeys = new(StringComparer.Ordinal)
    {
        "query", "knn", "size", "from", "sort", "search_after", "track_total_hits", "_source", "fields", "docvalue_fields", "stored_fields",
        "version", "seq_no_primary_term", "pit", "slice", "min_score", "post_filter", "track_scores", "timeout", "terminate_after",
        "explain", "highlight", "aggs", "aggregations", "indices_boost", "profile", "stats", "runtime_mappings", "collapse", "rescore",
        "script_fields", "suggest", "ext", "retriever",
    };

    public Query? Query { get; private init; }
    public List<KnnSpec> Knn { get; private init; } = new();
    public Query? PostFilter { get; private init; }
    public int Size { get; private init; } = 10;
    public int From { get; private init; }
    public List<SortKey>? Sort { get; set; }
    public JsonArray? SearchAfter { get; private init; }

    /// <summary>Exact count up to this many hits (int.MaxValue for true, 0 for false... -1 means not tracked).</summary>
    public int TrackTotalHitsUpTo { get; private init; } = 10_000;
    public bool TotalHitsAsInt { get; private init; }
    public SourceFilter Source { get; private init; } = SourceFilter.All;
    public List<(string Pattern, string? Format)> Fields { get; private init; } = new();
    public List<(string Pattern, string? Format)> DocValueFields { get; private init; } = new();
    public bool Version { get; private init; }
    public bool SeqNoPrimaryTerm { get; private init; }
    public string? PitId { get; private init; }
    public TimeSpan? PitKeepAlive { get; private init; }
    public (int Id, int Max)? Slice { get; private init; }
    public float? MinScore { get; private init; }

    /// <summary>indices_boost: index expressions with the factor their documents' scores take, the first match winning.</summary>
    public List<(string Expression, float Boost)> IndicesBoost { get; private init; } = new();
    public bool TrackScores { get; private init; }
    public TimeSpan? Scroll { get; private init; }
    public bool IncludeNamedQueriesScore { get; private init; }
    public bool HasAggregations => Aggregations != null;

    /// <summary>The request's aggs, parsed; null when it has none.</summary>
    public IReadOnlyList<Aggregations.Aggregation>? Aggregations { get; private init; }

    /// <summary>indices_boost as Elasticsearch 8+ reads it: an array of single-field objects, index expression to boost.</summary>
    private static List<(string Expression, float Boost)> ParseIndicesBoost(JsonNode? node)
    {
        var result = new List<(string, float)>();
        if (node == null)
            return result;
        if (node is not JsonArray array)
            throw new ElasticsearchException(400, "parsing_exception", $"Expected [START_ARRAY] in [indices_boost] but found [{(node is JsonObject ? "START_OBJECT" : "VALUE")}]").With("line", 1).With("col", 1);
        foreach (var item in array)
        {
            if (item is not JsonObject entry || entry.Count != 1)
                throw new ElasticsearchException(400, "parsing_exception", "Expected [START_OBJECT] with one index name and its boost in [indices_boost]").With("line", 1).With("col", 1);
            var (expression, boost) = entry.First();
            if (boost is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.Number)
                throw new ElasticsearchException(400, "parsing_exception", $"Expected [VALUE_NUMBER] in [indices_boost] for [{expression}]").With("line", 1).With("col", 1);
            result.Add((expression, (float)value.GetValue<double>()));
        }
        return result;
    }

    /// <summary>
    /// Decodes string query vectors as the presented version does: before 9.4 as hex when the request is
    /// parsed (failing it when one is not hex); from 9.4 against each field searched, when it is.
    /// </summary>
    public void DecodeQueryVectors(Compatibility.VersionProfile profile)
    {
        if (profile.AcceptsBase64QueryVectors)
            return;
        foreach (var spec in Knn)
            spec.DecodeAsHex();
        foreach (var root in new[] { Query, PostFilter })
            DecodeInQueries(root);
    }

    private static void DecodeInQueries(Query? query)
    {
        if (query == null)
            return;
        if (query is KnnQuery knn)
            knn.Spec.DecodeAsHex();
        foreach (var child in query.Children)
            DecodeInQueries(child);
    }

    /// <summary>
    /// As each shard checks its own index's index.max_result_window (10,000 unless set) once its query is
    /// built: from + size for a search, the batch for a scroll.
    /// </summary>
    public void CheckResultWindow(SearchTarget target)
    {
        var max = target.Index.Settings.MaxResultWindow;
        if (From + Size <= max)
            return;
        if (Scroll != null)
            throw Errors.IllegalArgument($"Batch size is too large, size must be less than or equal to: [{max}] but was [{From + Size}]. Scroll batch sizes cost as much memory as result windows so they are controlled by the [index.max_result_window] index level setting.");
        throw Errors.IllegalArgument($"Result window is too large, from + size must be less than or equal to: [{max}] but was [{From + Size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.");
    }

    /// <summary>
    /// Sections the node does not compute and which would change the answer if it went without them
    /// (hits without their highlight or explanation, a query over a runtime field it never defined), so
    /// it refuses them by name rather than answering as if they were absent; false and empty ones are none.
    /// </summary>
    private static void RefuseUncomputedSections(JsonObject body)
    {
        if (body["collapse"] != null || body["rescore"] != null || body["script_fields"] != null)
            throw Errors.IllegalArgument("[collapse], [rescore] and [script_fields] are not supported by the local node");
        foreach (var key in new[] { "highlight", "suggest", "runtime_mappings" })
            if (body[key] is JsonObject { Count: > 0 })
                throw Errors.IllegalArgument($"[{key}] is not supported by the local node");
        foreach (var key in new[] { "explain", "profile" })
            if (body[key] is JsonValue value && value.TryGetValue<bool>(out var on) && on)
                throw Errors.IllegalArgument($"[{key}] is not supported by the local node");
    }

    public static SearchRequest Parse(IRequestParameters request, JsonObject? body)
    {
        body ??= new JsonObject();
        foreach (var (key, _) in body)
            if (!BodyKeys.Contains(key))
                throw new ElasticsearchException(400, "parsing_exception", $"Unknown key for a START_OBJECT in [{key}].").With("line", 1).With("col", 1);
        if (body["retriever"] is JsonObject retriever)
            body = StandardRetriever.Rewrite(body, retriever);
        RefuseUncomputedSections(body);
        var size = request.IntParam("size") ?? (body["size"] is { } s ? ReadInt(s, "size") : 10);
        var from = request.IntParam("from") ?? (body["from"] is { } f ? ReadInt(f, "from") : 0);
        if (size < 0)
            throw Errors.IllegalArgument($"[size] parameter cannot be negative, found [{size}]");
        if (from < 0)
            throw Errors.IllegalArgument($"[from] parameter cannot be negative, found [{from}]");
        var scroll = request.Param("scroll") is { } sc ? TimeValue.Parse(sc, "scroll") : null;
        if (request.Param("search_type") is { } searchType && body["knn"] != null)
            throw Errors.IllegalArgument("cannot set [search_type] when using [knn] search, since the search type is determined automatically");
        if (request.Param("search_type") is { } st && st is not ("query_then_fetch" or "dfs_query_then_fetch"))
            throw Errors.IllegalArgument($"No search type for [{st}]");
        if (scroll != null && size == 0)
            throw Errors.ActionValidation("[size] cannot be [0] in a scroll context");
        if (scroll != null && request.Param("request_cache") == "true")
            throw Errors.ActionValidation("[request_cache] cannot be used in a scroll context");

        Query? query = null;
        if (request.Param("q") is { } q)
            query = QueryParser.QueryString(q, request.Param("df"));
        else if (body["query"] != null)
            query = QueryParser.Parse(body["query"], size);

        var knn = new List<KnnSpec>();
        switch (body["knn"])
        {
            case null: break;
            case JsonArray array: knn.AddRange(array.Select(k => KnnSpec.Parse(k, size, isQuery: false))); break;
            case var single: knn.Add(KnnSpec.Parse(single, size, isQuery: false)); break;
        }

        var trackNode = request.Param("track_total_hits") is { } tp ? JsonValue.Create(tp) : body["track_total_hits"];
        var totalAsInt = request.Flag("rest_total_hits_as_int", false);
        var trackUpTo = ParseTrackTotalHits(trackNode);
        if (totalAsInt && trackUpTo != int.MaxValue && trackUpTo != -1 && trackNode != null)
            throw Errors.ActionValidation("[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got " + trackUpTo);

        var source = SourceFilter.FromParameters(request) ?? (body.ContainsKey("_source") ? SourceFilter.FromJson(body["_source"]) : null);
        var storedFields = request.ListParam("stored_fields") ?? (body["stored_fields"] is { } sf ? Strings(sf) : null);
        if (source == null)
            source = storedFields != null && !storedFields.Contains("_source") ? SourceFilter.None : SourceFilter.All;

        (int, int)? slice = null;
        if (body["slice"] is JsonObject sliceObj)
        {
            var id = ReadInt(sliceObj["id"] ?? throw Errors.IllegalArgument("slice id is required"), "id");
            var max = ReadInt(sliceObj["max"] ?? throw Errors.IllegalArgument("slice max is required"), "max");
            if (max <= 1)
                throw Errors.IllegalArgument("max must be greater than 1");
            if (id < 0 || id >= max)
                throw Errors.IllegalArgument("max must be greater than id");
            slice = (id, max);
        }

        var pit = body["pit"] as JsonObject;
        if (pit != null && scroll != null)
            throw Errors.ActionValidation("using [point in time] is not allowed in a scroll context");
        if (slice != null && pit == null && scroll == null)
            throw Errors.ActionValidation("[slice] can only be used with [scroll] or [point-in-time] requests");

        return new SearchRequest
        {
            Query = query,
            Knn = knn,
            PostFilter = body["post_filter"] is { } pf ? QueryParser.Parse(pf, size) : null,
            Size = size,
            From = from,
            Sort = SortSpec.FromParameter(request.Param("sort")) ?? SortSpec.FromJson(body["sort"]),
            SearchAfter = body["search_after"] as JsonArray,
            TrackTotalHitsUpTo = scroll != null ? int.MaxValue : trackUpTo,
            TotalHitsAsInt = totalAsInt,
            Source = source,
            Fields = FieldPatterns(body["fields"]),
            DocValueFields = FieldPatterns(body["docvalue_fields"]).Concat((request.ListParam("docvalue_fields") ?? Array.Empty<string>()).Select(p => (p, (string?)null))).ToList(),
            Version = request.Flag("version", body["version"]?.GetValue<bool>() ?? false),
            SeqNoPrimaryTerm = request.Flag("seq_no_primary_term", body["seq_no_primary_term"]?.GetValue<bool>() ?? false),
            PitId = pit?["id"]?.ToString(),
            PitKeepAlive = pit?["keep_alive"] is { } ka ? TimeValue.Parse(ka.ToString(), "keep_alive") : null,
            Slice = slice,
            MinScore = body["min_score"] is { } ms ? (float)ms.GetValue<double>() : null,
            IndicesBoost = ParseIndicesBoost(body["indices_boost"]),
            TrackScores = body["track_scores"]?.GetValue<bool>() ?? false,
            Scroll = scroll,
            IncludeNamedQueriesScore = request.Flag("include_named_queries_score", false),
            Aggregations = (body["aggs"] ?? body["aggregations"]) is { } aggs ? Search.Aggregations.AggregationParser.Parse(aggs) : null,
        };
    }

    private static int ParseTrackTotalHits(JsonNode? node)
    {
        if (node == null)
            return 10_000;
        if (node.GetValueKind() == JsonValueKind.True)
            return int.MaxValue;
        if (node.GetValueKind() == JsonValueKind.False)
            return -1;
        var text = node.ToString();
        if (text == "true")
            return int.MaxValue;
        if (text == "false")
            return -1;
        if (!int.TryParse(text, out var n))
            throw Errors.IllegalArgument($"Failed to parse value [{text}] as only [true] or [false] are allowed.");
        if (n < -1)
            throw Errors.ActionValidation($"[track_total_hits] parameter must be positive or equals to -1, got {n}");
        return n == -1 ? int.MaxValue : n;
    }

    private static int ReadInt(JsonNode node, string name)
    {
        if (node is JsonValue v && v.TryGetValue<int>(out var i))
            return i;
        if (int.TryParse(node.ToString(), out i))
            return i;
        throw Errors.ParseError($"[{name}] failed to parse field [{name}]");
    }

    private static string[] Strings(JsonNode node) => node is JsonArray a ? a.Select(n => n!.ToString()).ToArray() : new[] { node.ToString() };

    internal static List<(string, string?)> FieldPatterns(JsonNode? node)
    {
        var list = new List<(string, string?)>();
        if (node is not JsonArray array)
            return list;
        foreach (var item in array)
        {
            if (item is JsonObject o)
                list.Add((o["field"]!.ToString(), o["format"]?.ToString()));
            else if (item != null)
                list.Add((item.ToString(), null));
        }
        return list;
    }
}
