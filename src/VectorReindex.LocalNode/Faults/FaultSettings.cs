using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Faults;

/// <summary>
/// Faults injected on demand for reliability tests: a fraction of requests or of bulk items rejected
/// with 429 es_rejected_execution_exception, and added latency per request.
/// </summary>
public sealed record FaultSettings
{
    public static readonly FaultSettings None = new();

    /// <summary>Fraction (0..1) of bulk items answered 429 while the rest of the bulk succeeds.</summary>
    public double BulkItemRejectRate { get; init; }

    /// <summary>Fraction (0..1) of requests (other than /_localnode and GET /) answered 429 as a whole.</summary>
    public double RequestRejectRate { get; init; }

    /// <summary>Delay added before every such request is handled.</summary>
    public int LatencyMs { get; init; }

    public bool IsActive => BulkItemRejectRate > 0 || RequestRejectRate > 0 || LatencyMs > 0;

    internal static FaultSettings FromJson(JsonObject body)
    {
        var settings = new FaultSettings();
        foreach (var (key, value) in body)
        {
            settings = key switch
            {
                "bulk_item_reject_rate" => settings with { BulkItemRejectRate = Rate(key, value) },
                "request_reject_rate" => settings with { RequestRejectRate = Rate(key, value) },
                "latency_ms" => settings with { LatencyMs = value is not null && int.TryParse(value.ToString(), out var ms) && ms >= 0 ? ms : throw Errors.IllegalArgument("[latency_ms] must be a non-negative integer") },
                _ => throw Errors.IllegalArgument($"unknown fault [{key}]; known: bulk_item_reject_rate, request_reject_rate, latency_ms"),
            };
        }
        return settings;
    }

    private static double Rate(string key, JsonNode? value)
        => value is not null && double.TryParse(value.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1
            ? rate
            : throw Errors.IllegalArgument($"[{key}] must be a number between 0 and 1");

    internal JsonObject ToJson() => new()
    {
        ["bulk_item_reject_rate"] = BulkItemRejectRate,
        ["request_reject_rate"] = RequestRejectRate,
        ["latency_ms"] = LatencyMs,
    };

    /// <summary>Parses the --faults start option: "bulk_item_reject_rate=0.3,latency_ms=5".</summary>
    public static FaultSettings Parse(string text)
    {
        var body = new JsonObject();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2)
                throw new ArgumentException($"--faults '{pair}' is not name=value, for example bulk_item_reject_rate=0.3");
            body[parts[0]] = parts[1];
        }
        try
        {
            return FromJson(body);
        }
        catch (ElasticsearchException ex)
        {
            throw new ArgumentException("--faults: " + ex.Reason);
        }
    }
}
