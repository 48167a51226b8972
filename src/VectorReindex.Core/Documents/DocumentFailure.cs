namespace VectorReindex.Core.Documents
{
    /// <summary>A per-document failure the cmdlets write as a non-terminating error naming the id.</summary>
    public sealed class DocumentFailure
    {
        public DocumentFailure(string index, string id, string errorId, string message, int? status = null)
        {
            Index = index;
            Id = id;
            ErrorId = errorId;
            Message = message;
            Status = status;
        }

        public string Index { get; }
        public string Id { get; }

        /// <summary>Stable id for the ErrorRecord, for example DocumentNotFound or DocumentUpdateFailed.</summary>
        public string ErrorId { get; }

        public string Message { get; }
        public int? Status { get; }

        /// <summary>A document its embedder gave no usable vector: NaN or infinite values have their own id, every other way is EmbeddingFailed.</summary>
        public static DocumentFailure FromEmbedding(string index, Embedding.EmbeddingFailure failure) =>
            new DocumentFailure(index, failure.Id,
                failure.Kind == Embedding.EmbeddingFailureKind.NonFiniteValue ? Migrations.MigrationErrorCodes.EmbeddingNotFinite : Migrations.MigrationErrorCodes.EmbeddingFailed,
                $"Document '{failure.Id}': {failure.Reason}");

        public override string ToString() => $"{Index}/{Id}: {Message}";
    }
}
