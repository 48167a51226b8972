using System.Collections.Generic;
using System.Text.Json.Nodes;
using VectorReindex.Core.Connection;

namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.OpenMetadataUpdateAsync"/>.</summary>
    public sealed class MetadataUpdateOptions
    {
        /// <summary>The index or alias whose documents change.</summary>
        public string Index { get; set; } = "";

        /// <summary>Fields to set (a partial document).</summary>
        public JsonObject? Set { get; set; }

        /// <summary>Fields to delete.</summary>
        public IReadOnlyList<string>? Remove { get; set; }

        /// <summary>Where a migration to or from another cluster finds that cluster's connection; null: the engine's own two.</summary>
        public IClusterResolver? Clusters { get; set; }
    }
}
