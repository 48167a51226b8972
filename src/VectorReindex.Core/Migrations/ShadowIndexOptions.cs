using System.Text.Json.Nodes;

namespace VectorReindex.Core.Migrations
{
    /// <summary>What New-ShadowIndex was asked for: the live alias and the changes to make.</summary>
    public sealed class ShadowIndexOptions
    {
        public string Alias { get; set; } = "";

        /// <summary>Target index name; by default the source's name with the next version suffix no index has and the alias's lineage never held.</summary>
        public string? Name { get; set; }

        /// <summary>The alias's name on the target cluster when the migration moves clusters (null: the same as <see cref="Alias"/>).</summary>
        public string? TargetAlias { get; set; }

        public string? VectorField { get; set; }

        public int? Dimensions { get; set; }

        public string? Similarity { get; set; }

        public string? ElementType { get; set; }

        /// <summary>Replaces the vector field's index_options (for example {"type":"int8_hnsw"}).</summary>
        public JsonObject? IndexOptions { get; set; }

        /// <summary>Merged over the copied mappings (deep merge of objects).</summary>
        public JsonObject? Mapping { get; set; }

        /// <summary>Merged over the copied settings; keys with or without the "index." prefix.</summary>
        public JsonObject? Settings { get; set; }

        public int? Shards { get; set; }

        /// <summary>The field whose text a re-embedding migration embeds.</summary>
        public string? TextField { get; set; }

        /// <summary>How target vectors will be made, recorded in _meta; its dimensions decide the target's when none are given.</summary>
        public Embedding.EmbedderDescriptor? Embedder { get; set; }
    }
}
