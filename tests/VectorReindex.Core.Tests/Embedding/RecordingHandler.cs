using System.Collections.Concurrent;
using System.Net.Http;

namespace VectorReindex.Core.Tests.Embedding;

/// <summary>Passes requests on to the real network stack and keeps what was sent: headers and body.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler() : base(new HttpClientHandler()) { }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content == null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(request.RequestUri!, headers, body));
        return await base.SendAsync(request, cancellationToken);
    }
}

internal sealed record RecordedRequest(Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body);
