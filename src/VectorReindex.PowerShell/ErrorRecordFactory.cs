using System;
using System.Management.Automation;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// The one place that turns failures into ErrorRecords: stable error ids (public API) and the
    /// HTTP status to ErrorCategory mapping.
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorCategory CategoryFor(int? status) => status switch
        {
            400 => ErrorCategory.InvalidArgument,
            401 or 403 => ErrorCategory.PermissionDenied,
            404 => ErrorCategory.ObjectNotFound,
            409 => ErrorCategory.ResourceExists,
            408 => ErrorCategory.OperationTimeout,
            413 => ErrorCategory.LimitsExceeded,
            429 => ErrorCategory.LimitsExceeded,
            >= 500 => ErrorCategory.ConnectionError,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>An ErrorRecord for a cluster failure, with an id that says what kind it was.</summary>
        public static ErrorRecord FromElasticsearch(ElasticsearchException ex, object? target)
        {
            var (id, category) = ex.Failure switch
            {
                ElasticsearchFailure.Connection => ("ClusterUnreachable", ErrorCategory.ConnectionError),
                ElasticsearchFailure.Timeout => ("ClusterTimeout", ErrorCategory.OperationTimeout),
                ElasticsearchFailure.NotElasticsearch => ("NotElasticsearch", ErrorCategory.InvalidResult),
                ElasticsearchFailure.UnsupportedVersion => ("UnsupportedElasticsearchVersion", ErrorCategory.NotImplemented),
                ElasticsearchFailure.UntrustedCertificate => ("ServerCertificateUntrusted", ErrorCategory.SecurityError),
                _ => (IdForStatus(ex), CategoryFor(ex.StatusCode)),
            };
            return new ErrorRecord(ex, id, category, target ?? ex.Node?.ToString());
        }

        public static ErrorRecord FromMigration(VectorMigrationException ex) =>
            new ErrorRecord(ex, ex.ErrorId, ex.Kind switch
            {
                MigrationErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
                MigrationErrorKind.NotFound => ErrorCategory.ObjectNotFound,
                MigrationErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
                MigrationErrorKind.InvalidState => ErrorCategory.InvalidOperation,
                MigrationErrorKind.VerificationFailed => ErrorCategory.InvalidResult,
                MigrationErrorKind.Timeout => ErrorCategory.OperationTimeout,
                _ => ErrorCategory.NotSpecified,
            }, ex.Target);

        /// <summary>A per-document failure: non-terminating, the document id as target.</summary>
        public static ErrorRecord FromDocument(DocumentFailure failure) =>
            new ErrorRecord(new VectorReindexDocumentException(failure), failure.ErrorId,
                failure.Status.HasValue ? CategoryFor(failure.Status) : ErrorCategory.InvalidData, failure.Index + "/" + failure.Id);

        public static ErrorRecord Create(Exception ex, string id, ErrorCategory category, object? target) =>
            new ErrorRecord(ex, id, category, target);

        private static string IdForStatus(ElasticsearchException ex) => ex.StatusCode switch
        {
            401 => "AuthenticationFailed",
            403 => "PermissionDenied",
            404 when ex.ErrorType == "index_not_found_exception" => "IndexNotFound",
            404 => "NotFound",
            409 => "VersionConflict",
            429 => "ClusterOverloaded",
            _ => "ElasticsearchError",
        };
    }
}
