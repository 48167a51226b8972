using System;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// An embedder failed or broke its contract: an error status from an embeddings endpoint, no
    /// connection, a timeout, or an answer with the wrong number of vectors or dimensions. Never
    /// carries an API key.
    /// </summary>
    public sealed class EmbeddingException : Exception
    {
        public EmbeddingException(string message, int? statusCode = null, Exception? innerException = null)
            : base(message, innerException)
        {
            StatusCode = statusCode;
        }

        /// <summary>The endpoint's HTTP status, or null when there was no (usable) response.</summary>
        public int? StatusCode { get; }
    }
}
