using VectorReindex.Core.Connection;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.OpenDualWriteAsync"/>.</summary>
    public sealed class DualWriteOptions
    {
        /// <summary>The alias (or index) applications write to.</summary>
        public string Index { get; set; } = "";

        /// <summary>Embeds for the live index when its model is not recorded or cannot be rebuilt.</summary>
        public VectorEmbedder? Embedder { get; set; }

        /// <summary>Likewise for the second index (a migration's target, or the old index after cutover).</summary>
        public VectorEmbedder? TargetEmbedder { get; set; }

        public string? TextField { get; set; }

        public string? VectorField { get; set; }

        /// <summary>
        /// Where a migration to or from another cluster finds that cluster's connection (by the
        /// identity its marker or record names); null: the engine's own source and target connections.
        /// </summary>
        public IClusterResolver? Clusters { get; set; }
    }
}
