using System;

namespace VectorReindex.Core.Embedding
{
    /// <summary>One item that got no vector: which one, why, and a message that names it.</summary>
    public sealed class EmbeddingFailure
    {
        public EmbeddingFailure(int index, string id, EmbeddingFailureKind kind, string reason, Exception? exception = null)
        {
            Index = index;
            Id = id;
            Kind = kind;
            Reason = reason;
            Exception = exception;
        }

        /// <summary>Position in the list given to <see cref="EmbeddingBatcher.EmbedAsync"/>.</summary>
        public int Index { get; }

        /// <summary>The caller's id for the item, typically the document _id.</summary>
        public string Id { get; }

        public EmbeddingFailureKind Kind { get; }

        /// <summary>What went wrong, without the id.</summary>
        public string Reason { get; }

        /// <summary>What the embedder threw, for <see cref="EmbeddingFailureKind.EmbedderFailed"/>.</summary>
        public Exception? Exception { get; }

        /// <summary>The reason, naming the item: "Could not embed 'doc-17': ...".</summary>
        public string Message => "Could not embed '" + Id + "': " + Reason;

        public override string ToString() => Message;
    }
}
