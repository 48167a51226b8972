using System;

namespace VectorReindex.Core.Documents
{
    /// <summary>The exception behind a per-document ErrorRecord: carries the failure, names the document.</summary>
    public sealed class VectorReindexDocumentException : Exception
    {
        public VectorReindexDocumentException(DocumentFailure failure)
            : base(failure.Message) => Failure = failure;

        public DocumentFailure Failure { get; }
    }
}
