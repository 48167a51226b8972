using System.Text.Json.Nodes;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Indexes
{
    /// <summary>What New-VectorIndex was asked for: the first live index behind a new alias.</summary>
    public sealed class VectorIndexOptions
    {
        /// <summary>The alias applications read and write through; the index is named &lt;alias&gt;-v1.</summary>
        public string Alias { get; set; } = "";

        /// <summary>The model that makes the index's vectors, recorded in the mapping's _meta.embedder.</summary>
        public EmbedderDescriptor? Embedder { get; set; }

        /// <summary>Vector length; by default the embedder's.</summary>
        public int? Dimensions { get; set; }

        /// <summary>cosine (the default), dot_product, l2_norm or max_inner_product.</summary>
        public string? Similarity { get; set; }

        /// <summary>The vector field's index_options (for example {"type":"int8_hnsw"}).</summary>
        public JsonObject? IndexOptions { get; set; }

        /// <summary>Merged over the generated mappings (deep merge of objects), for the application's other fields.</summary>
        public JsonObject? Mapping { get; set; }

        public int? Shards { get; set; }

        public string VectorField { get; set; } = VectorIndexPlanner.DefaultVectorField;

        public string TextField { get; set; } = VectorIndexPlanner.DefaultTextField;
    }
}
