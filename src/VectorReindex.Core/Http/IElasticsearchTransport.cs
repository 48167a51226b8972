using System;
using System.Threading;
using System.Threading.Tasks;

namespace VectorReindex.Core.Http
{
    /// <summary>
    /// The one seam between Core and a cluster: send a request, get a response or an
    /// <see cref="ElasticsearchException"/>. Implementations are thread-safe and immutable.
    /// </summary>
    public interface IElasticsearchTransport : IDisposable
    {
        /// <summary>The settings this transport was built with (URIs, timeouts, retries; secrets never exposed).</summary>
        TransportSettings Settings { get; }

        /// <summary>
        /// Sends <paramref name="request"/>, retrying as <see cref="TransportSettings"/> allows.
        /// Throws <see cref="ElasticsearchException"/> for a status the request does not accept
        /// and for connection failures and timeouts once retries are spent.
        /// </summary>
        Task<ElasticsearchResponse> SendAsync(ElasticsearchRequest request, CancellationToken cancellationToken);
    }
}
