using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Compatibility;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>
/// An index's settings as Elasticsearch keeps them: flat "index.*" keys with string values. Knows which
/// settings exist, which may change on an open index, and how the ones the node acts on are read.
/// </summary>
internal sealed class IndexSettings
{
    private static readonly string[] KnownPrefixes =
    {
        "index.routing.", "index.translog.", "index.mapping.", "index.analysis.", "index.blocks.", "index.sort.", "index.similarity.",
        "index.search.", "index.indexing.", "index.unassigned.", "index.lifecycle.", "index.store.", "index.merge.", "index.highlight.",
        "index.recovery.", "index.query_string.", "index.query.", "index.write.", "index.requests.", "index.queries.", "index.shard.",
        "index.fielddata.", "index.soft_deletes.", "index.time_series.", "index.look_ahead_time", "index.knn", "index.dense_vector.",
    };

    private static readonly HashSet<string> KnownSettings = new()
    {
        "index.number_of_shards", "index.number_of_replicas", "index.refresh_interval", "index.gc_deletes", "index.number_of_routing_shards", "index.routing_partition_size",
        "index.auto_expand_replicas", "index.hidden", "index.codec", "index.mode", "index.default_pipeline", "index.final_pipeline",
        "index.max_result_window", "index.max_inner_result_window", "index.max_rescore_window", "index.max_docvalue_fields_search",
        "index.max_script_fields", "index.max_ngram_diff", "index.max_shingle_diff", "index.max_terms_count", "index.max_regex_length",
        "index.max_refresh_listeners", "index.max_slices_per_scroll", "index.priority", "index.load_fixed_bitset_filters_eagerly",
        "index.format", "index.creation_date", "index.uuid", "index.version.created", "index.provided_name", "index.max_adjacency_matrix_filters",
        "index.verified_before_close", "index.frozen", "index.default_allocation_count", "index.source_only",
    };

    private static readonly HashSet<string> StaticSettings = new()
    {
        "index.number_of_shards", "index.number_of_routing_shards", "index.routing_partition_size", "index.codec", "index.mode", "index.soft_deletes.enabled", "index.sort.field",
        ExcludeSourceVectorsKey,
    };

    /// <summary>Whether vectors are left out of returned _source (8.19 and 9.1+; true by default for indices created on 9.2+).</summary>
    public const string ExcludeSourceVectorsKey = "index.mapping.exclude_source_vectors";

    private static readonly HashSet<string> PrivateSettings = new() { "index.creation_date", "index.uuid", "index.version.created", "index.provided_name" };

    public IndexSettings(SortedDictionary<string, string> values)
    {
        Values = values;
        WriteBlock = Get("index.blocks.read_only") == "true" ? IndexWriteBlock.ReadOnly
            : Get("index.blocks.write") == "true" ? IndexWriteBlock.Write
            : IndexWriteBlock.None;
    }

    public SortedDictionary<string, string> Values { get; }

    public int NumberOfShards => int.Parse(Get("index.number_of_shards") ?? "1", CultureInfo.InvariantCulture);
    public int NumberOfReplicas => int.Parse(Get("index.number_of_replicas") ?? "1", CultureInfo.InvariantCulture);

    /// <summary>Periodic refresh interval; null when disabled (-1).</summary>
    public TimeSpan? RefreshInterval => TimeValue.Parse(Get("index.refresh_interval") ?? "1s", "index.refresh_interval");

    public TimeSpan GcDeletes => TimeValue.Parse(Get("index.gc_deletes") ?? "60s", "index.gc_deletes") ?? TimeSpan.Zero;

    /// <summary>
    /// The block document writes meet, read once here: settings are replaced whole, never changed in
    /// place, so every write checks a field instead of looking the two block settings up.
    /// </summary>
    public IndexWriteBlock WriteBlock { get; }

    public bool IsHidden => Get("index.hidden") == "true";

    /// <summary>The index's vectors-out-of-_source behaviour: the setting when given, else its version's default.</summary>
    public bool ExcludesSourceVectors => Get(ExcludeSourceVectorsKey) is { } value && value != "null"
        ? value == "true"
        : Compatibility.VersionProfile.ExcludesSourceVectorsByDefault(Get("index.version.created"));

    /// <summary>index.max_result_window: the most hits from + size may reach, and the most ids an ids query may name.</summary>
    public int MaxResultWindow => int.TryParse(Get("index.max_result_window"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var max) ? max : 10_000;

    /// <summary>Whether integer, short and byte fields sort as 32-bit integers (by the version the index was created on).</summary>
    public bool SortsIntegersAsInt => Compatibility.VersionProfile.SortsIntegersAsInt(Get("index.version.created"));

    public string? Get(string key) => Values.TryGetValue(key, out var v) ? v : null;

    /// <summary>Flattens a settings body ({"index":{"x":1}}, {"index.x":1} or {"x":1}) to "index.x" → "1".</summary>
    public static SortedDictionary<string, string> Flatten(JsonNode? body)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (body == null)
            return result;
        if (body is not JsonObject obj)
            throw Errors.ParseError("[1:1] settings must be an object");
        Walk(obj, "", result);
        return new SortedDictionary<string, string>(result.ToDictionary(p => p.Key.StartsWith("index.", StringComparison.Ordinal) ? p.Key : "index." + p.Key, p => p.Value), StringComparer.Ordinal);
    }

    private static void Walk(JsonObject obj, string prefix, SortedDictionary<string, string> result)
    {
        foreach (var (key, value) in obj)
        {
            var path = prefix + key;
            switch (value)
            {
                case JsonObject child: Walk(child, path + ".", result); break;
                case null: result[path] = "null"; break;
                case JsonArray array: result[path] = string.Join(",", array.Select(v => v?.ToString())); break;
                default:
                    result[path] = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                    break;
            }
        }
    }

    /// <summary>Checks names and values as Elasticsearch's index-scoped settings registry does.</summary>
    public static void Validate(IDictionary<string, string> settings, bool creating, Compatibility.VersionProfile profile)
    {
        foreach (var (key, value) in settings)
        {
            var unknownToThisVersion = key == ExcludeSourceVectorsKey && !profile.HasExcludeVectorsOption;
            if (unknownToThisVersion || (!KnownSettings.Contains(key) && !KnownPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))))
                throw Errors.IllegalArgument($"unknown setting [{key}] please check that any required plugins are installed, or check the breaking changes documentation for removed settings");
            if (PrivateSettings.Contains(key))
                throw Errors.IllegalArgument($"private index setting [{key}] can not be set explicitly");
            if (value == "null")
                continue; // null resets a setting to its default, as Elasticsearch allows
            switch (key)
            {
                case "index.number_of_shards":
                    if (!int.TryParse(value, out var shards) || shards < 1 || shards > 1024)
                        throw Errors.IllegalArgument($"Failed to parse value [{value}] for setting [index.number_of_shards] must be >= 1");
                    break;
                case "index.routing_partition_size":
                    if (!int.TryParse(value, out var partition) || partition < 1)
                        throw Errors.IllegalArgument($"Failed to parse value [{value}] for setting [index.routing_partition_size] must be >= 1");
                    break;
                case "index.number_of_replicas":
                    if (!int.TryParse(value, out var replicas) || replicas < 0)
                        throw Errors.IllegalArgument($"Failed to parse value [{value}] for setting [index.number_of_replicas] must be >= 0");
                    break;
                case ExcludeSourceVectorsKey when value is not ("true" or "false"):
                    throw Errors.IllegalArgument($"Failed to parse value [{value}] as only [true] or [false] are allowed.");
                case "index.refresh_interval":
                case "index.gc_deletes":
                    TimeValue.Parse(value, key);
                    break;
                case "index.soft_deletes.enabled" when value != "true" && creating:
                    throw Errors.IllegalArgument("Creating indices with soft-deletes disabled is no longer supported. Please do not specify a value for setting [index.soft_deletes.enabled].");
            }
        }
    }

    public static bool IsStatic(string key) => StaticSettings.Contains(key);

    /// <summary>Writes settings nested by their dots ({"index":{"number_of_replicas":"1"}}) or flat.</summary>
    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, string>> values, bool flat)
    {
        var root = new JsonObject();
        foreach (var (key, value) in values)
        {
            if (flat)
            {
                root[key] = value;
                continue;
            }
            var parts = key.Split('.');
            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (node[parts[i]] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[parts[i]] = child;
                }
                node = child;
            }
            node[parts[^1]] = value;
        }
        return root;
    }
}
