using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Shards;

/// <summary>The body of an update (partial doc, upsert, doc_as_upsert, detect_noop, _source), parsed as Elasticsearch's UpdateRequest parser does.</summary>
internal sealed class UpdateRequest
{
    private static readonly string[] Fields = { "doc", "upsert", "doc_as_upsert", "detect_noop", "scripted_upsert", "script", "_source" };

    public JsonObject? Doc { get; private init; }
    public JsonObject? Upsert { get; private init; }
    public bool DocAsUpsert { get; private init; }
    public bool DetectNoop { get; private init; } = true;
    public SourceFilter? Source { get; private init; }

    public static UpdateRequest Parse(ReadOnlySpan<byte> body)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject ?? throw Errors.ParseError("[1:1] Failed to parse object: expecting token of type [START_OBJECT]");
        }
        catch (JsonException ex)
        {
            throw Errors.ParseError($"[1:1] {ex.Message}");
        }
        var text = Encoding.UTF8.GetString(body);
        foreach (var (key, _) in root)
        {
            if (Fields.Contains(key))
                continue;
            var (line, column) = LocationOf(text, key);
            var similar = Levenshtein.Suggest(key, Fields);
            var hint = similar.Count == 0 ? "" : similar.Count == 1 ? $" did you mean [{similar[0]}]?" : $" did you mean any of [{string.Join(", ", similar)}]?";
            throw Errors.ParseError($"[{line}:{column}] [UpdateRequest] unknown field [{key}]{hint}");
        }
        if (root["script"] != null)
            throw Errors.IllegalArgument("[script] updates are not supported by the local node; send a partial document in [doc] instead");
        return new UpdateRequest
        {
            Doc = AsObject(root["doc"], "doc"),
            Upsert = AsObject(root["upsert"], "upsert"),
            DocAsUpsert = AsBool(root["doc_as_upsert"], false),
            DetectNoop = AsBool(root["detect_noop"], true),
            Source = root.ContainsKey("_source") ? SourceFilter.FromJson(root["_source"]) : null,
        };
    }

    private static (int Line, int Column) LocationOf(string text, string key)
    {
        var at = text.IndexOf("\"" + key + "\"", StringComparison.Ordinal);
        if (at < 0)
            return (1, 1);
        var line = 1 + text[..at].Count(c => c == '\n');
        var column = at - text.LastIndexOf('\n', Math.Max(0, at - 1)) ;
        return (line, column + key.Length + 2);
    }

    private static JsonObject? AsObject(JsonNode? node, string name) => node switch
    {
        null => null,
        JsonObject obj => obj,
        _ => throw Errors.ParseError($"[1:1] [UpdateRequest] failed to parse field [{name}]"),
    };

    private static bool AsBool(JsonNode? node, bool defaultValue) => node == null ? defaultValue : node.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => node.ToString() == "true",
    };
}
