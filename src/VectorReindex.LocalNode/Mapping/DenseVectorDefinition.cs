using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Compatibility;

namespace VectorReindex.LocalNode.Mapping;

/// <summary>
/// Validates a dense_vector field definition and fills in the defaults the presented version shows in
/// GET _mapping (index true, similarity cosine; index_options int8_hnsw for floats, from 9.1 bbq_hnsw for
/// 384 dimensions or more; none for byte and bit). element_type bfloat16 exists from 9.3.
/// </summary>
internal static class DenseVectorDefinition
{
    public const int MaxDims = 4096;

    private static readonly HashSet<string> Parameters = new() { "type", "dims", "element_type", "similarity", "index", "index_options", "meta" };
    private static readonly HashSet<string> Similarities = new() { "cosine", "dot_product", "l2_norm", "max_inner_product" };
    private static readonly Dictionary<string, string[]> IndexOptionParameters = new()
    {
        ["hnsw"] = new[] { "m", "ef_construction" },
        ["int8_hnsw"] = new[] { "m", "ef_construction", "confidence_interval" },
        ["int4_hnsw"] = new[] { "m", "ef_construction", "confidence_interval" },
        ["bbq_hnsw"] = new[] { "m", "ef_construction" },
        ["flat"] = Array.Empty<string>(),
        ["int8_flat"] = new[] { "confidence_interval" },
        ["int4_flat"] = new[] { "confidence_interval" },
        ["bbq_flat"] = Array.Empty<string>(),
    };

    /// <summary>Returns the normalized definition, in the key order Elasticsearch writes.</summary>
    public static JsonObject Normalize(string name, JsonObject given, VersionProfile profile)
    {
        foreach (var (key, _) in given)
            if (!Parameters.Contains(key))
                throw MappingErrors.Parsing($"unknown parameter [{key}] on mapper [{name}] of type [dense_vector]");

        var elementType = given["element_type"]?.ToString() ?? "float";
        var elementTypes = profile.HasBFloat16Vectors ? "float, byte, bit, bfloat16" : "float, byte, bit";
        if (elementType is not ("float" or "byte" or "bit") && !(elementType == "bfloat16" && profile.HasBFloat16Vectors))
            throw MappingErrors.Parsing($"Unknown value [{elementType}] for field [element_type] - accepted values are [{elementTypes}]");

        int? dims = null;
        if (given["dims"] is { } dimsNode)
        {
            if (!int.TryParse(dimsNode.ToString(), out var d))
                throw MappingErrors.Parsing($"Failed to parse value [{dimsNode}] for field [dims]");
            var max = elementType == "bit" ? MaxDims * 8 : MaxDims;
            if (d < 1 || d > max)
                throw MappingErrors.Parsing($"The number of dimensions should be in the range [1, {max}] but was [{d}]");
            if (elementType == "bit" && d % 8 != 0)
                throw MappingErrors.Parsing($"The number of dimensions for should be a multiple of 8 for bit vectors but was [{d}]");
            dims = d;
        }

        var indexed = given["index"] is not { } indexNode || ParseBool(indexNode, "index");
        var similarity = given["similarity"]?.ToString();
        if (!indexed && similarity != null)
            throw MappingErrors.Parsing("Field [similarity] can only be specified for a field of type [dense_vector] when it is indexed");
        if (!indexed && given["index_options"] != null)
            throw MappingErrors.Parsing("Field [index_options] can only be specified for a field of type [dense_vector] when it is indexed");
        if (similarity != null && !Similarities.Contains(similarity))
            throw MappingErrors.Parsing($"Unknown value [{similarity}] for field [similarity] - accepted values are [l2_norm, dot_product, cosine, max_inner_product]");
        if (elementType == "bit" && similarity != null && similarity != "l2_norm")
            throw MappingErrors.Parsing($"The [{similarity}] similarity is not supported with [bit] element type; use [l2_norm]");

        var result = new JsonObject { ["type"] = "dense_vector" };
        if (elementType != "float")
            result["element_type"] = elementType;
        if (dims != null)
            result["dims"] = dims.Value;
        result["index"] = indexed;
        if (!indexed)
            return WithMeta(result, given);
        result["similarity"] = similarity ?? (elementType == "bit" ? "l2_norm" : "cosine");
        if (NormalizeIndexOptions(name, given["index_options"], elementType, dims, profile) is { } indexOptions)
            result["index_options"] = indexOptions;
        return WithMeta(result, given);
    }

    private static JsonObject WithMeta(JsonObject result, JsonObject given)
    {
        if (given["meta"] is { } meta)
            result["meta"] = meta.DeepClone();
        return result;
    }

    /// <summary>
    /// The index_options GET _mapping shows: as given, else the version's default for floats; byte and bit
    /// fields have no default (Lucene's HNSW without options), so none is shown.
    /// </summary>
    private static JsonObject? NormalizeIndexOptions(string name, JsonNode? given, string elementType, int? dims, VersionProfile profile)
    {
        if (given == null)
            return IsFloating(elementType)
                ? NormalizeIndexOptions(name, new JsonObject { ["type"] = profile.DefaultFloatIndexOptionsType(dims) }, elementType, dims, profile)
                : null;
        if (given is not JsonObject options)
            throw MappingErrors.Parsing($"Failed to parse mapping: [index_options] on field [{name}] must be an object");
        var type = options["type"]?.ToString() ?? throw MappingErrors.Parsing("[index_options] requires field [type] to be configured");
        if (!IndexOptionParameters.TryGetValue(type, out var allowed))
            throw MappingErrors.Parsing($"Unknown vector index options type [{type}] for field [{name}]");
        var hnsw = type.EndsWith("hnsw", StringComparison.Ordinal);
        var quantized = type.StartsWith("int", StringComparison.Ordinal) || type.StartsWith("bbq", StringComparison.Ordinal);
        bool Allowed(string key) => allowed.Contains(key)
            || (key == "rescore_vector" && quantized && profile.HasRescoreVector)
            || (key == "early_termination" && hnsw && profile.HasHnswEarlyTermination);
        var unsupported = options.Where(p => p.Key != "type" && !Allowed(p.Key)).Select(p => $"{p.Key} : {p.Value?.ToJsonString()}").ToList();
        if (unsupported.Count > 0)
            throw MappingErrors.Parsing($"Mapping definition for [{name}] has unsupported parameters:  [{string.Join(", ", unsupported)}]");
        if (quantized && !IsFloating(elementType))
            throw MappingErrors.Parsing($"[element_type] cannot be [{elementType}] when using index type [{type}]");
        if (type.StartsWith("int4", StringComparison.Ordinal) && dims is { } d4 && d4 % 2 != 0)
            throw MappingErrors.Parsing($"only even dimensions are supported for int4 quantization, provided dims is [{d4}]");
        if (type.StartsWith("bbq", StringComparison.Ordinal) && dims is { } db && db < 64)
            throw MappingErrors.Parsing($"bbq index type does not support dims fewer than 64, provided=[{db}]");
        if (options["confidence_interval"] is { } ci)
        {
            var value = double.Parse(ci.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            if (value != 0 && (value < 0.9 || value > 1.0))
                throw MappingErrors.Parsing($"confidence_interval must be between 0.90 and 1.0 or 0; was [{ci}]");
        }
        foreach (var param in new[] { "m", "ef_construction" })
            if (options[param] is { } p && (!int.TryParse(p.ToString(), out var v) || v <= 0))
                throw MappingErrors.Parsing($"[{param}] must be a positive integer; was [{p}]");

        var earlyTermination = options["early_termination"] is { } early && ParseBool(early, "early_termination");
        var oversample = options["rescore_vector"] is { } rescore ? Oversample(rescore, profile) : (double?)null;

        var result = new JsonObject { ["type"] = type };
        if (hnsw)
        {
            result["m"] = options["m"]?.DeepClone() ?? 16;
            result["ef_construction"] = options["ef_construction"]?.DeepClone() ?? 100;
        }
        if (options["confidence_interval"] is { } interval)
            result["confidence_interval"] = interval.DeepClone();
        if (oversample != null)
            result["rescore_vector"] = new JsonObject { ["oversample"] = oversample.Value };
        if (hnsw && profile.HasHnswEarlyTermination)
            result["early_termination"] = earlyTermination;
        return result;
    }

    /// <summary>index_options.rescore_vector: an object with the oversample, between 1 and 10 (or 0, no rescoring, from 9.1).</summary>
    private static double Oversample(JsonNode rescore, VersionProfile profile)
    {
        if (rescore is not JsonObject obj || obj["oversample"] is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.Number)
            throw MappingErrors.Parsing("Invalid rescore_vector value. Missing required field oversample");
        var oversample = value.GetValue<double>();
        if (oversample == 0 && profile.AcceptsZeroOversample)
            return 0;
        if (oversample is < 1 or > 10)
        {
            // Java prints a float with at least one decimal: [11.0].
            var text = oversample.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (!text.Contains('.') && !text.Contains('E'))
                text += ".0";
            throw MappingErrors.Parsing($"Invalid oversample value [{text}]. Must be between 1.0 and 10.0{(profile.AcceptsZeroOversample ? " or 0" : "")}");
        }
        return oversample;
    }

    /// <summary>float and bfloat16 (9.3+, stored at half the precision) take the quantized index types.</summary>
    private static bool IsFloating(string elementType) => elementType is "float" or "bfloat16";

    private static bool ParseBool(JsonNode node, string field) => node.ToString() switch
    {
        "true" => true,
        "false" => false,
        var other => throw MappingErrors.Parsing($"Failed to parse value [{other}] as only [true] or [false] are allowed for field [{field}]"),
    };

    public static DenseVectorOptions Compile(JsonObject normalized)
    {
        var element = normalized["element_type"]?.ToString() switch
        {
            "byte" => VectorElementType.Byte,
            "bit" => VectorElementType.Bit,
            _ => VectorElementType.Float,
        };
        var dims = normalized["dims"] is { } d ? (int)d : 0;
        return new DenseVectorOptions(dims, element, normalized["similarity"]?.ToString(), normalized["index"] is not { } i || (bool)i, normalized["index_options"]?["type"]?.ToString(),
            IsBFloat16: normalized["element_type"]?.ToString() == "bfloat16");
    }
}
