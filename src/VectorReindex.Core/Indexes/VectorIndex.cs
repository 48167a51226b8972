using System.Globalization;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Indexes
{
    /// <summary>A live vector index behind its alias, as New-VectorIndex created it.</summary>
    public sealed class VectorIndex
    {
        public VectorIndex(string alias, string index, string vectorField, string textField, int dimensions, string similarity, int? shards, EmbedderDescriptor embedder)
        {
            Alias = alias;
            Index = index;
            VectorField = vectorField;
            TextField = textField;
            Dimensions = dimensions;
            Similarity = similarity;
            Shards = shards;
            Embedder = embedder;
        }

        /// <summary>The alias applications use; the index is its write index.</summary>
        public string Alias { get; }

        /// <summary>The concrete index (&lt;alias&gt;-v1).</summary>
        public string Index { get; }

        public string VectorField { get; }

        public string TextField { get; }

        public int Dimensions { get; }

        public string Similarity { get; }

        /// <summary>Primary shards asked for; null leaves the cluster's default.</summary>
        public int? Shards { get; }

        /// <summary>The model recorded in the index's _meta.embedder.</summary>
        public EmbedderDescriptor Embedder { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} -> {1} ({2}: {3} dimensions, {4})", Alias, Index, VectorField, Dimensions, Similarity);
    }
}
