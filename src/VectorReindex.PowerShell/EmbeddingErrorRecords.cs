using System.Management.Automation;
using VectorReindex.Core.Embedding;

namespace VectorReindex.PowerShell
{
    /// <summary>Per-item embedding failures as non-terminating ErrorRecords: stable ids (public API), the item's id as target.</summary>
    internal static class EmbeddingErrorRecords
    {
        public static ErrorRecord From(EmbeddingFailure failure)
        {
            var (id, category) = failure.Kind switch
            {
                EmbeddingFailureKind.EmptyText => ("EmbeddingTextEmpty", ErrorCategory.InvalidData),
                EmbeddingFailureKind.WrongDimensions => ("EmbeddingWrongDimensions", ErrorCategory.InvalidResult),
                EmbeddingFailureKind.NonFiniteValue => ("EmbeddingNotFinite", ErrorCategory.InvalidResult),
                _ => ("EmbedderFailed", failure.Exception is EmbeddingException { StatusCode: int status }
                    ? ErrorRecordFactory.CategoryFor(status)
                    : ErrorCategory.InvalidResult),
            };
            return ErrorRecordFactory.Create(new EmbeddingException(failure.Message, null, failure.Exception), id, category, failure.Id);
        }
    }
}
