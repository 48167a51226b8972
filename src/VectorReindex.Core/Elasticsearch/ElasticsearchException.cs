using System;
using System.Collections.Generic;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// Every failure to get an acceptable answer from a cluster: an error status with
    /// Elasticsearch's error body, a connection failure or a timeout. Never carries credentials.
    /// </summary>
    public sealed class ElasticsearchException : Exception
    {
        public ElasticsearchException(
            string message,
            ElasticsearchFailure failure,
            string method,
            string path,
            Uri? node,
            int? statusCode = null,
            string? errorType = null,
            string? reason = null,
            IReadOnlyList<ElasticsearchErrorCause>? rootCause = null,
            Exception? innerException = null)
            : base(message, innerException)
        {
            Failure = failure;
            Method = method;
            Path = path;
            Node = node;
            StatusCode = statusCode;
            ErrorType = errorType;
            Reason = reason;
            RootCause = rootCause ?? Array.Empty<ElasticsearchErrorCause>();
        }

        public ElasticsearchFailure Failure { get; }

        /// <summary>HTTP status, or null when no response came back.</summary>
        public int? StatusCode { get; }

        /// <summary>Elasticsearch's error.type, for example index_not_found_exception.</summary>
        public string? ErrorType { get; }

        /// <summary>Elasticsearch's error.reason.</summary>
        public string? Reason { get; }

        public IReadOnlyList<ElasticsearchErrorCause> RootCause { get; }

        public string Method { get; }

        public string Path { get; }

        public Uri? Node { get; }

        /// <summary>The cluster_name of the cluster that failed (null when it was not known yet, before GET / answered).</summary>
        public string? ClusterName { get; internal set; }

        /// <summary>With <see cref="ElasticsearchFailure.UntrustedCertificate"/>: the SHA-256 fingerprint of the CA (or top certificate) the server presented.</summary>
        public string? CertificateFingerprint { get; internal set; }

        /// <summary>With <see cref="ElasticsearchFailure.UntrustedCertificate"/>: that certificate's subject.</summary>
        public string? CertificateSubject { get; internal set; }
    }

    /// <summary>What kind of failure an <see cref="ElasticsearchException"/> is.</summary>
    public enum ElasticsearchFailure
    {
        /// <summary>The cluster answered with an error status.</summary>
        ErrorResponse,

        /// <summary>No connection could be made, or it broke.</summary>
        Connection,

        /// <summary>The cluster did not answer within the request timeout.</summary>
        Timeout,

        /// <summary>The server answered but is not Elasticsearch.</summary>
        NotElasticsearch,

        /// <summary>The server is Elasticsearch, but a version this module does not support.</summary>
        UnsupportedVersion,

        /// <summary>TLS: the server's certificate is not signed by a CA the connection trusts.</summary>
        UntrustedCertificate,
    }

    /// <summary>One entry of Elasticsearch's error.root_cause.</summary>
    public sealed class ElasticsearchErrorCause
    {
        public ElasticsearchErrorCause(string? type, string? reason, string? index)
        {
            Type = type;
            Reason = reason;
            Index = index;
        }

        public string? Type { get; }
        public string? Reason { get; }
        public string? Index { get; }

        public override string ToString() => Index == null ? $"{Type}: {Reason}" : $"{Type}: {Reason} [{Index}]";
    }
}
