using System.Globalization;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>
/// The wait_for_active_shards value of a request: how many copies of each shard (primary plus replicas)
/// must be active before the request proceeds. The node holds every primary and never a replica, so one
/// active copy per shard is all it ever has.
/// </summary>
internal readonly record struct ActiveShardCount(int? Count, bool All)
{
    public const int ActiveCopies = 1;

    /// <summary>Absent or "index-setting": the index's index.write.wait_for_active_shards (1 unless set).</summary>
    public static ActiveShardCount Default { get; } = new(null, false);

    public static ActiveShardCount Parse(string? text)
    {
        if (text is null or "index-setting")
            return Default;
        if (text == "all")
            return new ActiveShardCount(null, true);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
            throw Errors.IllegalArgument($"cannot parse ActiveShardCount[{text}]");
        if (count < 0)
            throw Errors.IllegalArgument("shardCount cannot be negative");
        return new ActiveShardCount(count, false);
    }

    public static ActiveShardCount From(IRequestParameters request) => Parse(request.Param("wait_for_active_shards"));

    /// <summary>Copies of each shard this count asks for on an index with those settings.</summary>
    public int Required(IndexSettings settings)
    {
        if (All)
            return 1 + settings.NumberOfReplicas;
        if (Count is { } count)
            return count;
        var setting = settings.Get("index.write.wait_for_active_shards");
        return setting == null ? 1 : Parse(setting).Required(settings);
    }

    public bool IsMet(IndexSettings settings) => Required(settings) <= ActiveCopies;

    /// <summary>
    /// Whether every shard of the indices reached this count within the request's timeout (default 30s).
    /// The node never gains replica copies, so an unmet count is known at once; it still waits the
    /// timeout out, as a cluster waiting for replicas that never arrive does.
    /// </summary>
    public async Task<bool> WaitAsync(IEnumerable<IndexSettings> indexSettings, IRequestParameters request)
    {
        var count = this;
        if (indexSettings.All(count.IsMet))
            return true;
        var timeout = TimeValue.Parse(request.Param("timeout") ?? "30s", "timeout") ?? TimeSpan.FromSeconds(30);
        await Task.Delay(timeout).ConfigureAwait(false);
        return false;
    }

    public override string ToString() => All ? "ALL" : Count?.ToString(CultureInfo.InvariantCulture) ?? "DEFAULT";
}
