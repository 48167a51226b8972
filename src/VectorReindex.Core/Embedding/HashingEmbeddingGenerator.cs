using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// A deterministic feature-hashing text embedder that needs no model and no network: for
    /// demos, tests and offline rehearsals. It is LEXICAL, NOT SEMANTIC: texts that share words are
    /// close; synonyms and paraphrases are not.
    /// </summary>
    /// <remarks>
    /// The algorithm (<see cref="Algorithm"/>), exact so other languages can reproduce it:
    /// lowercase (invariant); tokens are maximal runs of letters and digits; features are every
    /// token (weight 1) and every pair of adjacent tokens joined by one space (weight 0.5). A
    /// feature's hash is 64-bit FNV-1a over the seed (4 bytes, little-endian) followed by the
    /// feature's UTF-8 bytes, then the MurmurHash3 fmix64 finalizer; the bucket is hash mod
    /// dimensions and the sign is the hash's top bit (set: minus). The weighted sums are computed
    /// in double, divided by their L2 norm and rounded to float, so the same text, dimensions and
    /// seed give bit-identical vectors in any process on any machine.
    /// </remarks>
    public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        /// <summary>The algorithm version, recorded as the model name: a change of algorithm gets a new name.</summary>
        public const string Algorithm = "hashing-fnv1a64-v1";

        private const ulong FnvOffsetBasis = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;
        private const double BigramWeight = 0.5;

        private readonly EmbeddingGeneratorMetadata _metadata;

        public HashingEmbeddingGenerator(int dimensions, int seed = 0)
        {
            if (dimensions < 1) throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "Dimensions must be at least 1.");
            Dimensions = dimensions;
            Seed = seed;
            _metadata = new EmbeddingGeneratorMetadata("VectorReindex.Hashing", null, Algorithm, dimensions);
        }

        public int Dimensions { get; }

        public int Seed { get; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            if (options?.Dimensions != null && options.Dimensions != Dimensions)
                throw new ArgumentException($"This hashing embedder makes {Dimensions}-dimension vectors, not {options.Dimensions}. Create one with the dimensions you need.", nameof(options));
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var text in values)
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(new Embedding<float>(Embed(text)) { ModelId = Algorithm });
            }
            return Task.FromResult(result);
        }

        /// <summary>The vector for one text. Throws ArgumentException for text without letters or digits: a zero vector is invalid for cosine similarity.</summary>
        public float[] Embed(string text)
        {
            if (string.IsNullOrWhiteSpace(text))
                throw new ArgumentException("The text is empty or whitespace: there is nothing to embed (a zero vector is invalid for cosine similarity).", nameof(text));
            var sums = new double[Dimensions];
            string? previous = null;
            foreach (var token in Tokenize(text))
            {
                Add(sums, token, 1.0);
                if (previous != null) Add(sums, previous + " " + token, BigramWeight);
                previous = token;
            }
            if (previous == null)
                throw new ArgumentException("The text has no letters or digits: there is nothing to embed.", nameof(text));

            double squares = 0;
            foreach (var s in sums) squares += s * s;
            if (squares == 0)
                throw new ArgumentException($"The text's features cancelled out in {Dimensions} dimensions; use more dimensions.", nameof(text));
            var norm = Math.Sqrt(squares);
            var vector = new float[Dimensions];
            for (var i = 0; i < vector.Length; i++) vector[i] = (float)(sums[i] / norm);
            return vector;
        }

        private void Add(double[] sums, string feature, double weight)
        {
            var hash = Hash(feature);
            var bucket = (int)(hash % (ulong)sums.Length);
            sums[bucket] += (hash >> 63) == 0 ? weight : -weight;
        }

        private ulong Hash(string feature)
        {
            var hash = FnvOffsetBasis;
            var seed = unchecked((uint)Seed);
            for (var i = 0; i < 4; i++)
            {
                hash ^= (seed >> (8 * i)) & 0xFF;
                hash = unchecked(hash * FnvPrime);
            }
            foreach (var b in Encoding.UTF8.GetBytes(feature))
            {
                hash ^= b;
                hash = unchecked(hash * FnvPrime);
            }
            return Fmix64(hash);
        }

        // FNV-1a's low bits mix poorly; the modulo takes low bits, so finalize first.
        private static ulong Fmix64(ulong k)
        {
            k ^= k >> 33;
            k = unchecked(k * 0xff51afd7ed558ccdUL);
            k ^= k >> 33;
            k = unchecked(k * 0xc4ceb9fe1a85ec53UL);
            k ^= k >> 33;
            return k;
        }

        private static IEnumerable<string> Tokenize(string text)
        {
            var token = new StringBuilder();
            foreach (var c in text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    token.Append(char.ToLowerInvariant(c));
                }
                else if (token.Length > 0)
                {
                    yield return token.ToString();
                    token.Clear();
                }
            }
            if (token.Length > 0) yield return token.ToString();
        }

        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType == null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey != null) return null;
            if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
            return serviceType.IsInstanceOfType(this) ? this : null;
        }

        public void Dispose()
        {
        }

        public override string ToString() => EmbedderDescriptor.Hashing(Dimensions, Seed).Description;
    }
}
