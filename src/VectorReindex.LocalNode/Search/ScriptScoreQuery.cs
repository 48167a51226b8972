using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Search.Scripting;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// script_score: the documents of the inner query, each scored by a Painless score script (the
/// subset <see cref="ScoreScriptCompiler"/> compiles), times the boost; those scoring under min_score
/// drop out. A negative or NaN score is an error, as in Elasticsearch.
/// </summary>
internal sealed class ScriptScoreQuery : Query
{
    private readonly Dictionary<SearchTarget, ScriptDocument> _documents = new();

    public required Query Inner { get; init; }

    public required string Source { get; init; }

    public required Func<ScriptDocument, ScriptValue> Script { get; init; }

    public required int Locals { get; init; }

    public float? MinScore { get; init; }

    public override IEnumerable<Query> Children => new[] { Inner };

    public static ScriptScoreQuery Parse(JsonObject o, Func<JsonNode?, Query> parseInner)
    {
        foreach (var (key, _) in o)
            if (key is not ("query" or "script" or "min_score" or "boost" or "_name"))
                throw new ElasticsearchException(400, "parsing_exception", $"[script_score] query does not support [{key}]").With("line", 1).With("col", 1);
        if (o["query"] == null)
            throw new ElasticsearchException(400, "parsing_exception", "[script_score] requires 'query' field").With("line", 1).With("col", 1);
        var (source, parameters) = ScriptOf(o["script"] ?? throw new ElasticsearchException(400, "parsing_exception", "[script_score] requires 'script' field").With("line", 1).With("col", 1));
        try
        {
            var (script, locals) = ScoreScriptCompiler.Compile(source, parameters);
            return new ScriptScoreQuery
            {
                Inner = parseInner(o["query"]),
                Source = source,
                Script = script,
                Locals = locals,
                MinScore = o["min_score"] is { } m ? (float)m.GetValue<double>() : null,
                Boost = o["boost"] is { } b ? (float)b.GetValue<double>() : 1f,
                Name = o["_name"]?.ToString(),
            };
        }
        catch (ScriptFailure failure)
        {
            throw failure.ToElasticsearch(source);
        }
    }

    private static (string Source, JsonObject Params) ScriptOf(JsonNode script)
    {
        if (script is JsonValue inline)
            return (inline.ToString(), new JsonObject());
        if (script is not JsonObject o)
            throw new ElasticsearchException(400, "parsing_exception", "[script] must be a string or an object").With("line", 1).With("col", 1);
        if (o["id"] != null)
            throw Errors.IllegalArgument("stored scripts are not supported by the local node; give the script's [source]");
        if (o["lang"]?.ToString() is { } lang && lang != "painless")
            throw Errors.IllegalArgument($"script_lang not supported [{lang}]");
        var source = o["source"]?.ToString() ?? throw new ElasticsearchException(400, "parsing_exception", "must specify either [source] for an inline script or [id] for a stored script").With("line", 1).With("col", 1);
        return (source, o["params"] as JsonObject ?? new JsonObject());
    }

    public override void Prepare(SearchTarget target)
    {
        base.Prepare(target);
        _documents[target] = new ScriptDocument(target, Locals);
    }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = 0;
        if (!Inner.Matches(target, doc, out var innerScore))
            return false;
        if (!_documents.TryGetValue(target, out var document))
            _documents[target] = document = new ScriptDocument(target, Locals);
        document.Doc = doc;
        document.Score = innerScore;
        double value;
        try
        {
            var result = Script(document);
            value = result.AsNumber("a score script's result");
        }
        catch (ScriptFailure failure)
        {
            throw failure.ToElasticsearch(Source);
        }
        var scored = (float)value;
        if (scored < 0 || float.IsNaN(scored))
            throw Errors.IllegalArgument($"script_score script returned an invalid score [{JavaFloat(scored)}] for doc [{doc}]. Must be a non-negative score!");
        if (MinScore is { } min && scored < min)
            return false;
        score = scored * Boost;
        return true;
    }

    public override int[]? Candidates(SearchTarget target) => Inner.Candidates(target);

    private static string JavaFloat(float value) =>
        float.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture) is var text && text.Contains('.') || text.Contains('E') ? text : text + ".0";
}
