using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// Vectors already made, keyed by (model id, SHA-256 of the text), so a rerun or a dual-write
    /// of an unchanged text does not run the model again. In memory only, and bounded: once
    /// <see cref="Capacity"/> entries are held, new vectors are no longer added (nothing is
    /// evicted), so memory stays at most Capacity x (dimensions x 4 bytes + key).
    /// </summary>
    public sealed class EmbeddingCache
    {
        public const int DefaultCapacity = 200_000;

        private readonly ConcurrentDictionary<Key, float[]> _vectors = new ConcurrentDictionary<Key, float[]>();

        public EmbeddingCache(int capacity = DefaultCapacity)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
            Capacity = capacity;
        }

        public int Capacity { get; }

        public int Count => _vectors.Count;

        /// <summary>The vector this model made for this text, or null. The caller gets its own copy.</summary>
        public float[]? TryGet(string modelId, string text) =>
            _vectors.TryGetValue(new Key(modelId, Hash(text)), out var vector) ? (float[])vector.Clone() : null;

        public void Add(string modelId, string text, ReadOnlySpan<float> vector)
        {
            if (_vectors.Count >= Capacity) return;
            _vectors.TryAdd(new Key(modelId, Hash(text)), vector.ToArray());
        }

        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }

        private readonly struct Key : IEquatable<Key>
        {
            public Key(string modelId, string textHash)
            {
                ModelId = modelId ?? throw new ArgumentNullException(nameof(modelId));
                TextHash = textHash;
            }

            public string ModelId { get; }

            public string TextHash { get; }

            public bool Equals(Key other) => ModelId == other.ModelId && TextHash == other.TextHash;

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() => (ModelId.GetHashCode() * 397) ^ TextHash.GetHashCode();
        }
    }
}
