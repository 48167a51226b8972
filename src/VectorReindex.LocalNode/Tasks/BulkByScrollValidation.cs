using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode.Tasks;

/// <summary>
/// Elasticsearch's checks of a reindex, update_by_query or delete_by_query request, in its order:
/// parse errors as the request is read (unknown fields, slices, max_docs, size), then one
/// action_request_validation_exception listing every problem AbstractBulkByScrollRequest.validate and
/// ReindexRequest / DeleteByQueryRequest validate find.
/// </summary>
internal static class BulkByScrollValidation
{
    private static readonly HashSet<string> SearchSourceKeys = new(StringComparer.Ordinal)
    {
        "index", "remote", "size", "query", "sort", "_source", "slice", "from", "stored_fields", "docvalue_fields", "fields",
        "version", "seq_no_primary_term", "timeout", "terminate_after", "track_total_hits", "runtime_mappings", "post_filter",
    };

    private static readonly HashSet<string> DestKeys = new(StringComparer.Ordinal) { "index", "version_type", "op_type", "pipeline", "routing" };

    /// <summary>The slices URL parameter: a positive count, or "auto" (null here, resolved later against the shards).</summary>
    public static int? ParseSlices(string? text)
    {
        if (text == null)
            return 1;
        if (text == "auto")
            return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var slices) || slices < 1)
            throw Errors.IllegalArgument($"[slices] must be a positive integer or the string \"auto\", but was [{text}]");
        return slices;
    }

    /// <summary>
    /// max_docs as Elasticsearch reads it: body "size" (deprecated) and "max_docs" in their order, then the URL
    /// parameter; each must be non-negative and agree with any value set before. -1 when unlimited.
    /// </summary>
    public static long MaxDocs(JsonObject body, IRequestParameters request)
    {
        long? maxDocs = null;
        void Set(long value)
        {
            if (value < 0)
                throw Errors.IllegalArgument($"[max_docs] parameter cannot be negative, found [{value}]");
            if (maxDocs is { } existing && existing != value)
                throw Errors.IllegalArgument($"[max_docs] set to two different values [{existing}] and [{value}]");
            maxDocs = value;
        }
        foreach (var (key, value) in body)
            if (key is "size" or "max_docs" && value != null)
                Set(ReadLong(value, key));
        if (request.LongParam("max_docs") is { } fromUrl)
            Set(fromUrl);
        return maxDocs ?? -1;
    }

    /// <summary>Unknown fields in a reindex body, its source and its dest, with the parser's messages.</summary>
    public static void CheckReindexFields(JsonObject body)
    {
        foreach (var (key, _) in body)
            if (key is not ("source" or "dest" or "conflicts" or "max_docs" or "size" or "script"))
                throw Errors.ParseError($"[reindex] unknown field [{key}]");
        if (body["source"] is JsonObject source)
            foreach (var (key, value) in source)
                if (!SearchSourceKeys.Contains(key))
                    throw new ElasticsearchException(400, "parsing_exception", $"Unknown key for a {TokenName(value)} in [{key}].").With("line", 1).With("col", 1);
        if (body["dest"] is JsonObject dest)
            foreach (var (key, _) in dest)
                if (!DestKeys.Contains(key))
                    throw Errors.ParseError($"[dest] unknown field [{key}]");
        if (body["source"]?["size"] is { } size)
            ReadInt(size);
    }

    /// <summary>The problems validate() finds, in Elasticsearch's order; throws them together when there are any.</summary>
    public static void Validate(BulkByScrollKind kind, JsonObject body, string? pathIndex, int? slices, long maxDocs, bool hasQueryParameter)
    {
        var problems = new List<string>();
        var search = kind == BulkByScrollKind.Reindex ? body["source"] as JsonObject : body;
        if (search?["from"] != null)
            problems.Add("from is not supported in this context");
        if (search?["stored_fields"] != null)
            problems.Add("stored_fields is not supported in this context");
        if (search?["slice"] != null && slices != 1)
            problems.Add("can't specify both manual and automatic slicing at the same time");
        if (maxDocs >= 0 && slices is { } count && maxDocs < count)
            problems.Add("[max_docs] should be >= [slices]");
        if (kind == BulkByScrollKind.Reindex)
        {
            var source = body["source"] as JsonObject;
            if (source?["index"] is null || (source["index"] is JsonArray { Count: 0 }))
                problems.Add("use _all if you really want to copy from all existing indexes");
            if (source?["_source"] is JsonValue fetch && fetch.GetValueKind() == JsonValueKind.False)
                problems.Add("_source:false is not supported in this context");
            var dest = body["dest"] as JsonObject;
            if (dest?["index"] == null)
            {
                problems.Add("index must be specified");
            }
            else if (dest["routing"]?.ToString() is { } routing && routing is not ("keep" or "discard") && !routing.StartsWith('='))
            {
                problems.Add("routing must be unset, [keep], [discard] or [=<some new value>]");
            }
        }
        else
        {
            var remote = (pathIndex ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(i => i.Contains(':')).ToList();
            if (remote.Count > 0)
                problems.Add($"Cross-cluster calls are not supported in this context but remote indices were requested: [{string.Join(", ", remote)}]");
            // As DeleteByQueryRequest.validate: without a query (no body, or {}) nothing says what to delete.
            if (kind == BulkByScrollKind.DeleteByQuery && body["query"] == null && !hasQueryParameter)
                problems.Add("query is missing");
        }
        if (problems.Count > 0)
            throw Errors.ActionValidation(problems.ToArray());
    }

    private static string TokenName(JsonNode? value) => value switch
    {
        JsonObject => "START_OBJECT",
        JsonArray => "START_ARRAY",
        null => "VALUE_NULL",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => "VALUE_STRING",
            JsonValueKind.Number => "VALUE_NUMBER",
            _ => "VALUE_BOOLEAN",
        },
    };

    private static int ReadInt(JsonNode node)
    {
        var text = node.ToString();
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ElasticsearchException(400, "number_format_exception", $"For input string: \"{text}\"");
    }

    private static long ReadLong(JsonNode node, string field)
    {
        var text = node.ToString();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Errors.IllegalArgument($"[{field}] must be a number, was [{text}]");
    }
}
