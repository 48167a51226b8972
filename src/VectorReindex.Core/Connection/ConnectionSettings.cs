using System;
using System.Collections.Generic;
using System.Linq;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Connection
{
    /// <summary>
    /// What a connection talks to and how: node addresses or a Cloud ID, credentials, TLS trust,
    /// timeouts, retries and compression. Turned into the official client's settings once, at connect time.
    /// </summary>
    public sealed class ConnectionSettings
    {
        public ConnectionSettings(IEnumerable<Uri> nodes)
        {
            var list = (nodes ?? throw new ArgumentNullException(nameof(nodes))).ToList();
            if (list.Count == 0) throw new ArgumentException("At least one node URI is required.", nameof(nodes));
            Nodes = list.Select(u => EndpointAddress.Validate(u, nameof(nodes)))
                .Select(u => new Uri(u.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")).ToList();
        }

        private ConnectionSettings(string cloudId)
        {
            CloudId = cloudId;
            Nodes = new[] { CloudEndpoint.Decode(cloudId) };
        }

        /// <summary>An Elastic Cloud deployment: the Cloud ID names the Elasticsearch endpoint (https, port 443 unless it says otherwise).</summary>
        public static ConnectionSettings ForCloud(string cloudId) => new ConnectionSettings(cloudId);

        /// <summary>Node base addresses (for a Cloud ID, the one endpoint it decodes to).</summary>
        public IReadOnlyList<Uri> Nodes { get; }

        public string? CloudId { get; }

        public ClusterCredentials? Credentials { get; set; }

        /// <summary>Accept any server certificate. Only for test clusters with self-signed certificates.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>SHA-256 fingerprint (hex, colons optional) of the CA that signed the cluster's HTTP certificate, as Elasticsearch's security auto-configuration prints it.</summary>
        public string? CertificateFingerprint { get; set; }

        /// <summary>A PEM file with the CA certificate(s) that signed the cluster's HTTP certificate.</summary>
        public string? CertificateAuthorityPath { get; set; }

        /// <summary>Time allowed for one HTTP attempt.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

        public RetrySettings Retry { get; } = new RetrySettings();

        /// <summary>Retries after the first attempt, for connection failures and 429/502/503/504.</summary>
        public int MaxRetries
        {
            get => Retry.MaxRetries;
            set => Retry.MaxRetries = value;
        }

        /// <summary>How long a node that refused a connection is skipped before it is tried again.</summary>
        public TimeSpan DeadNodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Gzip request bodies (at the fastest level; responses are not asked compressed). Saves bandwidth on remote clusters, costs some CPU.</summary>
        public bool CompressRequests { get; set; }

        /// <summary>
        /// Send dense vectors to a 9.3+ server as base64 of big-endian float32 (Elasticsearch 9.3's bulk
        /// format: about half the bytes of JSON floats, and no decimal parsing on the server). Older
        /// servers always get JSON floats; reads are JSON either way.
        /// </summary>
        public bool Base64Vectors { get; set; } = true;

        public override string ToString() => CloudId != null ? "cloud " + Nodes[0] : string.Join(", ", Nodes.Select(n => n.ToString()));
    }
}
