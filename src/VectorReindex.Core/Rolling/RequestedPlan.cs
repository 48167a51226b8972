using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Rolling
{
    /// <summary>
    /// Compares what a rolling reindex is asked for with what the alias's last migration already
    /// made: a parameter left out asks for no change, so only the given ones can differ.
    /// </summary>
    public static class RequestedPlan
    {
        /// <summary>How the request differs from the live index its last migration made; empty when it asks for what is already there.</summary>
        public static IReadOnlyList<string> Differences(ShadowIndexOptions requested, EmbedderDescriptor? embedder, AliasState state)
        {
            var differences = new List<string>();
            var last = state.LastMigration!;
            var field = state.VectorMapping;
            if (requested.VectorField != null && requested.VectorField != state.VectorField) differences.Add($"vector field {state.VectorField} -> {requested.VectorField}");
            if (requested.TextField != null && requested.TextField != last.TextField) differences.Add($"text field {last.TextField ?? "(none)"} -> {requested.TextField}");
            var dims = requested.Dimensions ?? (embedder is { Kind: not EmbedderKind.Copy } e ? e.Dimensions : null);
            var liveDims = CutoverGuard.Dims(field);
            if (dims.HasValue && dims != liveDims) differences.Add(string.Format(CultureInfo.InvariantCulture, "dimensions {0} -> {1}", liveDims, dims));
            if (requested.Similarity != null && requested.Similarity != field?["similarity"]?.ToString()) differences.Add($"similarity {field?["similarity"]} -> {requested.Similarity}");
            if (requested.ElementType != null && requested.ElementType != (field?["element_type"]?.ToString() ?? "float")) differences.Add($"element type -> {requested.ElementType}");
            if (requested.IndexOptions != null)
                foreach (var pair in requested.IndexOptions)
                    if (!JsonNode.DeepEquals(pair.Value, field?["index_options"]?[pair.Key])) differences.Add($"index_options.{pair.Key} -> {pair.Value?.ToJsonString()}");
            if (requested.Shards.HasValue || requested.Mapping != null || requested.Settings != null) differences.Add("settings or mappings");
            if (embedder != null && embedder.Kind != EmbedderKind.Copy && !embedder.Equals(last.IsCopy ? null : last.EmbedderDescriptor))
                differences.Add($"model {(last.IsCopy ? "(copied)" : last.EmbedderDescriptor!.Description)} -> {embedder.Description}");
            return differences;
        }
    }
}
