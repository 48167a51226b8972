using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// Embeds through an <see cref="EmbeddingCache"/>: texts this model already embedded come from
    /// the cache, and only the others (each distinct text once) go to the inner generator, in one call.
    /// </summary>
    public sealed class CachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly EmbeddingCache _cache;

        public CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string modelId, EmbeddingCache cache)
            : base(inner)
        {
            ModelId = modelId ?? throw new ArgumentNullException(nameof(modelId));
            _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        }

        /// <summary>The model id the cache entries are keyed by.</summary>
        public string ModelId { get; }

        public EmbeddingCache Cache => _cache;

        public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            var texts = values as IList<string> ?? values.ToList();
            var vectors = new float[]?[texts.Count];
            var missing = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < texts.Count; i++)
            {
                vectors[i] = _cache.TryGet(ModelId, texts[i]);
                if (vectors[i] == null && seen.Add(texts[i])) missing.Add(texts[i]);
            }

            if (missing.Count > 0)
            {
                var made = await base.GenerateAsync(missing, options, cancellationToken).ConfigureAwait(false);
                if (made.Count != missing.Count)
                    throw new InvalidOperationException($"The model returned {made.Count} vectors for {missing.Count} texts.");
                var byText = new Dictionary<string, float[]>(StringComparer.Ordinal);
                for (var i = 0; i < missing.Count; i++)
                {
                    var vector = made[i].Vector.ToArray();
                    byText[missing[i]] = vector;
                    _cache.Add(ModelId, missing[i], vector);
                }
                for (var i = 0; i < texts.Count; i++)
                    vectors[i] ??= (float[])byText[texts[i]].Clone();
            }

            var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
            foreach (var vector in vectors) result.Add(new Embedding<float>(vector!) { ModelId = ModelId });
            return result;
        }
    }
}
