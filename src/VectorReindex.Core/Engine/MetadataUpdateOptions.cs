using System.Collections.Generic;
using System.Text.Json.Nodes;

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
    }
}
