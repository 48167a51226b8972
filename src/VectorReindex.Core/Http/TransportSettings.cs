using System;
using System.Collections.Generic;
using System.Linq;

namespace VectorReindex.Core.Http
{
    /// <summary>Fixed at construction: what a transport talks to and how patiently.</summary>
    public sealed class TransportSettings
    {
        public TransportSettings(IEnumerable<Uri> nodes)
        {
            var list = (nodes ?? throw new ArgumentNullException(nameof(nodes))).ToList();
            if (list.Count == 0) throw new ArgumentException("At least one node URI is required.", nameof(nodes));
            foreach (var uri in list)
            {
                if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    throw new ArgumentException($"'{uri}' is not an http:// or https:// address. Give the node address, for example https://localhost:9200.", nameof(nodes));
                if (!string.IsNullOrEmpty(uri.UserInfo))
                    throw new ArgumentException($"The address '{uri.Scheme}://{uri.Host}:{uri.Port}' carries credentials in the URI. Pass them as credentials instead, so they are never logged.", nameof(nodes));
            }
            Nodes = list.Select(u => new Uri(u.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")).ToList();
        }

        /// <summary>Node base addresses, tried round-robin with failover.</summary>
        public IReadOnlyList<Uri> Nodes { get; }

        public ClusterCredentials? Credentials { get; set; }

        /// <summary>Accept any server certificate. Only for test clusters with self-signed certificates.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>Time allowed for one HTTP attempt.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Retries after the first attempt, for connection failures and 429/502/503/504.</summary>
        public int MaxRetries { get; set; } = 5;

        /// <summary>Upper bound of the time spent waiting between retries, all retries together.</summary>
        public TimeSpan MaxRetryTime { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>First backoff; each retry doubles it (with jitter) up to <see cref="MaxBackoff"/>.</summary>
        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long a node that refused a connection is skipped before it is tried again.</summary>
        public TimeSpan DeadNodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Gzip request bodies (responses are always accepted gzipped). Saves bandwidth on remote clusters, costs CPU.</summary>
        public bool CompressRequests { get; set; }

        public override string ToString() => string.Join(", ", Nodes.Select(n => n.ToString()));
    }
}
