using System.Text.Json.Nodes;

namespace VectorReindex.Core.Indexes
{
    /// <summary>The index New-VectorIndex would create: the exact PUT body and what the result will be.</summary>
    public sealed class VectorIndexPlan
    {
        public VectorIndexPlan(VectorIndex index, JsonObject body)
        {
            Index = index;
            Body = body;
        }

        public VectorIndex Index { get; }

        /// <summary>The PUT /{index} body: settings, mappings (with _meta.embedder) and the alias as write index.</summary>
        public JsonObject Body { get; }

        public string BodyJson => DisplayJson.Format(Body);
    }
}
