using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// One kNN request (a top-level knn section or a knn query): the field, query vector, k and
/// num_candidates with Elasticsearch 8.13+ defaults and validation, filter, similarity threshold,
/// boost and name.
/// </summary>
internal sealed class KnnSpec
{
    public const int MaxNumCandidates = 10_000;
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "field", "query_vector", "k", "num_candidates", "filter", "similarity", "boost", "_name", "query_vector_builder", "inner_hits", "rescore_vector",
    };

    public required string Field { get; init; }
    /// <summary>The query vector, or null while it is still <see cref="EncodedQueryVector"/> text.</summary>
    public float[]? QueryVector { get; private set; }

    /// <summary>A query_vector given as a string and not yet decoded (see <see cref="Search.EncodedQueryVector"/>).</summary>
    public string? EncodedQueryVector { get; private set; }
    public int K { get; init; }
    public int NumCandidates { get; init; }
    public List<Query> Filters { get; init; } = new();

    /// <summary>The inner_hits a knn section asks for on a nested field's objects (null: none).</summary>
    public System.Text.Json.Nodes.JsonNode? InnerHits { get; init; }
    public float? Similarity { get; init; }
    public float Boost { get; init; } = 1f;
    public string? Name { get; init; }

    /// <summary>
    /// rescore_vector.oversample: how many more candidates to rescore with the float vectors, for quantized
    /// fields. The node scores every candidate from its float vectors already, so it changes no result.
    /// </summary>
    public float? RescoreOversample { get; init; }

    /// <summary>vector_similarity: an unmapped field is an error, and an l2_norm threshold bounds the squared distance.</summary>
    public bool IsVectorSimilarityQuery { get; init; }

    /// <summary>Parses a knn object; <paramref name="size"/> gives k its default, as Elasticsearch does.</summary>
    public static KnnSpec Parse(JsonNode? node, int? size, bool isQuery)
    {
        if (node is not JsonObject obj)
            throw Errors.ParseError("[knn] failed to parse object: expecting token of type [START_OBJECT]");
        foreach (var (key, _) in obj)
            if (!Keys.Contains(key))
                throw Errors.ParseError($"[knn] unknown field [{key}]");
        var field = obj["field"]?.GetValue<string>() ?? throw Failed("[field] must be set");
        if (obj["query_vector"] is null)
            throw Failed("either [query_vector] or [query_vector_builder] must be provided");
        var vectorNode = obj["query_vector"]!;
        var vector = vectorNode switch
        {
            JsonArray => ParseVector(vectorNode),
            JsonValue number when number.GetValueKind() == JsonValueKind.Number => new[] { (float)number.GetValue<double>() },
            _ => null,
        };
        int? k = obj["k"] is { } kNode ? ReadInt(kNode) : null;
        int? numCandidates = obj["num_candidates"] is { } nNode ? ReadInt(nNode) : null;
        if (k is < 1)
            throw Failed("[k] must be greater than 0");
        if (numCandidates is > MaxNumCandidates)
            throw Failed($"[num_candidates] cannot exceed [{MaxNumCandidates}]");
        if (numCandidates is < 1)
            throw Failed("[num_candidates] must be greater than 0");
        if (k != null && numCandidates != null && numCandidates < k)
            throw Failed("[num_candidates] cannot be less than [k]");
        var effectiveK = k ?? (isQuery && numCandidates != null ? Math.Min(size ?? 10, numCandidates.Value) : size ?? 10);
        if (!isQuery && k == null && numCandidates != null && numCandidates < effectiveK)
            throw Failed("[num_candidates] cannot be less than [k]");
        var filters = new List<Query>();
        switch (obj["filter"])
        {
            case null: break;
            case JsonArray array: filters.AddRange(array.Select(f => QueryParser.Parse(f))); break;
            case var single: filters.Add(QueryParser.Parse(single)); break;
        }
        return new KnnSpec
        {
            Field = field,
            QueryVector = vector,
            EncodedQueryVector = vector == null ? vectorNode.ToString() : null,
            K = effectiveK,
            NumCandidates = numCandidates ?? Math.Min(MaxNumCandidates, (int)Math.Round(1.5 * effectiveK)),
            Filters = filters,
            Similarity = obj["similarity"] is { } s ? (float)s.GetValue<double>() : null,
            Boost = obj["boost"] is { } b ? (float)b.GetValue<double>() : 1f,
            Name = obj["_name"]?.GetValue<string>(),
            RescoreOversample = obj["rescore_vector"] is { } rescore ? ParseOversample(rescore) : null,
            InnerHits = obj["inner_hits"]?.DeepClone(),
        };
    }

    private static float ParseOversample(JsonNode rescore)
    {
        if (rescore is not JsonObject obj)
            throw Errors.ParseError("[rescore_vector] failed to parse object: expecting token of type [START_OBJECT]");
        foreach (var (key, _) in obj)
            if (key != "oversample")
                throw Errors.ParseError($"[rescore_vector] unknown field [{key}]");
        if (obj["oversample"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
            throw Failed("Required [oversample]");
        var oversample = (float)value.GetValue<double>();
        if (oversample < 1f)
            throw Failed("[oversample] must be >= 1.0");
        return oversample;
    }

    /// <summary>The vector_similarity query: every candidate within the similarity threshold (k = num_candidates).</summary>
    public static KnnSpec ParseVectorSimilarity(JsonObject? o)
    {
        if (o?["similarity"] == null)
            throw Failed("[similarity] must be set");
        if (o["num_candidates"] == null)
            throw Failed("[num_candidates] must be set");
        if (o["field"] == null)
            throw Failed("[field] must be set");
        var spec = Parse(o, null, isQuery: true);
        return new KnnSpec
        {
            Field = spec.Field, QueryVector = spec.QueryVector, EncodedQueryVector = spec.EncodedQueryVector, K = spec.NumCandidates, NumCandidates = spec.NumCandidates,
            Filters = spec.Filters, Similarity = spec.Similarity, Boost = spec.Boost, Name = spec.Name, IsVectorSimilarityQuery = true,
        };
    }

    /// <summary>Decodes a string query vector as hex, as versions before 9.4 do when they parse the request.</summary>
    public void DecodeAsHex()
    {
        if (EncodedQueryVector is not { } text)
            return;
        QueryVector = Search.EncodedQueryVector.TryDecodeHex(text)
            ?? throw Failed($"failed to parse field [query_vector]: [{text}] is not a valid hex string");
        EncodedQueryVector = null;
    }

    /// <summary>The query vector for a search of <paramref name="field"/>: a string one decoded against it (9.4+).</summary>
    public float[] QueryVectorFor(DenseVectorOptions field)
        => QueryVector ?? Search.EncodedQueryVector.DecodeFor(EncodedQueryVector!, field);

    private static ElasticsearchException Failed(string reason)
        => new(400, "x_content_parse_exception", "[knn] failed to parse field", Errors.IllegalArgument(reason));

    private static int ReadInt(JsonNode node)
    {
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var i))
            return i;
        if (int.TryParse(node.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out i))
            return i;
        throw Errors.ParseError($"[knn] failed to parse field: [{node}] is not an integer");
    }

    private static float[] ParseVector(JsonNode node)
    {
        var array = (JsonArray)node;
        var result = new float[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
                throw Errors.ParseError("[knn] failed to parse field [query_vector]");
            result[i] = (float)v.GetValue<double>();
        }
        return result;
    }
}
