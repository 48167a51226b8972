using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// A dense_vector field's index_options as a migration recorded them, read through the names the
    /// dense_vector docs define (type, m, ef_construction, confidence_interval, rescore_vector.oversample,
    /// on_disk_rescore), so a script can write <c>$m.IndexOptions.Type</c>. The recorded object is kept
    /// whole: keys this build does not know stay, are written back as they were, and can be read by
    /// name (<c>$m.IndexOptions['cluster_size']</c>). Immutable; every read returns a copy.
    /// </summary>
    [JsonConverter(typeof(DenseVectorIndexOptionsConverter))]
    public sealed class DenseVectorIndexOptions
    {
        private readonly JsonObject _recorded;

        public DenseVectorIndexOptions(JsonObject recorded)
        {
            _recorded = (JsonObject)(recorded ?? throw new ArgumentNullException(nameof(recorded))).DeepClone();
        }

        /// <summary>The index type: hnsw, int8_hnsw, int4_hnsw, bbq_hnsw, flat, int8_flat, int4_flat, bbq_flat, bbq_disk.</summary>
        public string? Type => Text("type");

        /// <summary>HNSW: the number of neighbors each node is connected to (Elasticsearch's default 16).</summary>
        public int? M => Number<int>("m");

        /// <summary>HNSW: the number of candidates tracked while building the graph (default 100).</summary>
        public int? EfConstruction => Number<int>("ef_construction");

        /// <summary>int8 and int4 types: the quantile the quantization keeps (null: computed from the data).</summary>
        public double? ConfidenceInterval => Number<double>("confidence_interval");

        /// <summary>Quantized types: how kNN queries rescore with the full vectors (null: the version's default).</summary>
        public DenseVectorRescoreVector? RescoreVector =>
            _recorded["rescore_vector"] is JsonObject rescore ? new DenseVectorRescoreVector(Number<double>(rescore, "oversample")) : null;

        /// <summary>bbq_hnsw (9.x): whether rescoring reads the full vectors from disk.</summary>
        public bool? OnDiskRescore => _recorded["on_disk_rescore"] is JsonValue v && v.TryGetValue(out bool b) ? b : null;

        /// <summary>Every recorded key, those without a property here included.</summary>
        public IReadOnlyList<string> Keys => _recorded.Select(p => p.Key).ToList();

        /// <summary>The recorded value of <paramref name="key"/> (a copy), null when it is not recorded.</summary>
        public JsonNode? this[string key] => _recorded[key]?.DeepClone();

        /// <summary>The recorded index_options object, as it goes into a mapping (a copy).</summary>
        public JsonObject ToJsonObject() => (JsonObject)_recorded.DeepClone();

        public override string ToString() => _recorded.ToJsonString();

        private string? Text(string key) => _recorded[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

        private T? Number<T>(string key) where T : struct => Number<T>(_recorded, key);

        private static T? Number<T>(JsonObject json, string key) where T : struct
        {
            if (json[key] is not JsonValue value) return null;
            try
            {
                return value.GetValue<T>();
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                return null; // recorded as another type (a string, a fraction for an int): kept, not typed
            }
        }
    }

    /// <summary>index_options.rescore_vector: oversample × k candidates are rescored with the full vectors (0: no rescoring).</summary>
    public sealed class DenseVectorRescoreVector
    {
        public DenseVectorRescoreVector(double? oversample) => Oversample = oversample;

        public double? Oversample { get; }

        public override string ToString() => "oversample " + (Oversample?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(not recorded)");
    }

    /// <summary>Reads and writes <see cref="DenseVectorIndexOptions"/> as the recorded JSON object, unchanged.</summary>
    internal sealed class DenseVectorIndexOptionsConverter : JsonConverter<DenseVectorIndexOptions>
    {
        public override DenseVectorIndexOptions? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonNode.Parse(ref reader) is JsonObject recorded ? new DenseVectorIndexOptions(recorded)
            : throw new JsonException("index_options must be a JSON object.");

        public override void Write(Utf8JsonWriter writer, DenseVectorIndexOptions value, JsonSerializerOptions options) =>
            value.ToJsonObject().WriteTo(writer);
    }
}
