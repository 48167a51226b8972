using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Faults;

/// <summary>Decides, per request or bulk item, whether to inject the configured fault.</summary>
internal sealed class FaultInjector
{
    private volatile FaultSettings _settings;

    public FaultInjector(FaultSettings settings)
    {
        _settings = settings;
    }

    public FaultSettings Settings { get => _settings; set => _settings = value; }

    public bool RejectRequest() => _settings.RequestRejectRate > 0 && Random.Shared.NextDouble() < _settings.RequestRejectRate;

    public bool RejectBulkItem() => _settings.BulkItemRejectRate > 0 && Random.Shared.NextDouble() < _settings.BulkItemRejectRate;

    public static ElasticsearchException Rejection(string what)
        => Errors.Rejected($"rejected execution of {what} [localnode fault injection: queue capacity exceeded]");
}
