using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>The body of <c>_count</c>.</summary>
    public sealed class CountResponse
    {
        public long Count { get; set; }
    }

    /// <summary>One index in a <c>GET _alias</c> response: its aliases and their properties.</summary>
    public sealed class IndexAliasesEntry
    {
        public Dictionary<string, AliasProperties> Aliases { get; set; } = new Dictionary<string, AliasProperties>();
    }

    /// <summary>An alias entry's properties, as GET _alias returns them and POST _aliases takes them.</summary>
    public sealed class AliasProperties
    {
        public JsonObject? Filter { get; set; }
        public string? IndexRouting { get; set; }
        public string? SearchRouting { get; set; }
        public bool? IsWriteIndex { get; set; }
        public bool? IsHidden { get; set; }
    }

    /// <summary>The body of <c>_cluster/health</c>.</summary>
    public sealed class ClusterHealthResponse
    {
        public string? Status { get; set; }
        public bool TimedOut { get; set; }
    }
}
