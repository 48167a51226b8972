using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>The fields of a mapping by type, as dotted paths (tab completion, vector field choice).</summary>
    public static class MappingFields
    {
        /// <summary>The field types whose text an embedder can read.</summary>
        public static readonly IReadOnlyCollection<string> TextTypes = new[] { "text", "keyword" };

        public static readonly IReadOnlyCollection<string> VectorTypes = new[] { "dense_vector" };

        /// <summary>The field types a delta's range query on a change timestamp can read.</summary>
        public static readonly IReadOnlyCollection<string> DateTypes = new[] { "date", "date_nanos" };

        /// <summary>
        /// Dotted paths of every field of one of <paramref name="types"/>, inside object fields too.
        /// Multi-fields (a text field's "fields") are left out: they are not in _source.
        /// </summary>
        public static IEnumerable<string> OfType(JsonObject mappings, IReadOnlyCollection<string> types, string prefix = "")
        {
            if (mappings["properties"] is not JsonObject properties) yield break;
            foreach (var p in properties)
            {
                if (p.Value is not JsonObject field) continue;
                var path = prefix + p.Key;
                if (field["type"]?.ToString() is string type && types.Contains(type)) yield return path;
                foreach (var inner in OfType(field, types, path + ".")) yield return inner;
            }
        }

        /// <summary>The fields of <paramref name="types"/> of an index or of the first index an alias points to, sorted.</summary>
        public static async Task<IReadOnlyList<string>> ReadAsync(ElasticsearchCluster transport, string indexOrAlias, IReadOnlyCollection<string> types, CancellationToken ct)
        {
            var mappings = await new IndicesApi(transport).GetMappingAsync(indexOrAlias, ct).ConfigureAwait(false);
            return OfType(mappings, types).OrderBy(f => f, System.StringComparer.Ordinal).ToList();
        }
    }
}
