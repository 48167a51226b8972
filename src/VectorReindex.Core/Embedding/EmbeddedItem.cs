using System;

namespace VectorReindex.Core.Embedding
{
    /// <summary>One item's vector, checked for dimensions and finite values.</summary>
    public sealed class EmbeddedItem
    {
        public EmbeddedItem(int index, string id, ReadOnlyMemory<float> vector)
        {
            Index = index;
            Id = id;
            Vector = vector;
        }

        /// <summary>Position in the list given to <see cref="EmbeddingBatcher.EmbedAsync"/>.</summary>
        public int Index { get; }

        public string Id { get; }

        public ReadOnlyMemory<float> Vector { get; }
    }
}
