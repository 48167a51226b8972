using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace VectorReindex.Bench;

/// <summary>
/// Wraps an embedding generator and measures the wall time during which at least one embedding
/// call is in flight (slices embed concurrently, so summing the calls would count overlaps twice).
/// </summary>
internal sealed class EmbeddingClock : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly object _gate = new();
    private readonly Stopwatch _busy = new();
    private int _inFlight;
    private long _texts;

    public EmbeddingClock(IEmbeddingGenerator<string, Embedding<float>> inner) : base(inner)
    {
    }

    public TimeSpan Busy
    {
        get
        {
            lock (_gate) return _busy.Elapsed;
        }
    }

    /// <summary>Texts embedded so far.</summary>
    public long Texts => Interlocked.Read(ref _texts);

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            if (_inFlight++ == 0) _busy.Start();
        try
        {
            var result = await base.GenerateAsync(values, options, cancellationToken);
            Interlocked.Add(ref _texts, result.Count);
            return result;
        }
        finally
        {
            lock (_gate)
                if (--_inFlight == 0) _busy.Stop();
        }
    }
}
