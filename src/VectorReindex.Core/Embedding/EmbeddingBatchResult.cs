using System.Collections.Generic;

namespace VectorReindex.Core.Embedding
{
    /// <summary>The outcome of embedding a list of items: a vector or a failure for each, both in input order.</summary>
    public sealed class EmbeddingBatchResult
    {
        public EmbeddingBatchResult(IReadOnlyList<EmbeddedItem> embedded, IReadOnlyList<EmbeddingFailure> failures)
        {
            Embedded = embedded;
            Failures = failures;
        }

        public IReadOnlyList<EmbeddedItem> Embedded { get; }

        public IReadOnlyList<EmbeddingFailure> Failures { get; }
    }
}
