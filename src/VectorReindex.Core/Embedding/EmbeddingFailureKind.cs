namespace VectorReindex.Core.Embedding
{
    /// <summary>Why one item got no vector.</summary>
    public enum EmbeddingFailureKind
    {
        /// <summary>The text was empty or whitespace; it was not sent to the embedder.</summary>
        EmptyText,

        /// <summary>The embedder threw (or returned the wrong number of vectors) for the batch the item was in.</summary>
        EmbedderFailed,

        /// <summary>The vector's length is not the expected dimensions.</summary>
        WrongDimensions,

        /// <summary>The vector holds NaN or an infinity, which Elasticsearch rejects.</summary>
        NonFiniteValue,
    }
}
