using System.Globalization;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>_cat/indices, _cat/aliases and _cat/count.</summary>
internal sealed class CatHandlers
{
    private const string CatParams = "format,h,help,v,s,local,master_timeout,bytes,time";
    private readonly LocalNodeEngine _engine;

    public CatHandlers(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    public void Register(RestRouter router)
    {
        var indexParams = CatParams + ",pri,health,expand_wildcards,include_unloaded_segments";
        router.Add("GET", "/_cat/indices", indexParams, Indices);
        router.Add("GET", "/_cat/indices/{index}", indexParams, Indices);
        router.Add("GET", "/_cat/aliases", CatParams + ",expand_wildcards", Aliases);
        router.Add("GET", "/_cat/aliases/{name}", CatParams + ",expand_wildcards", Aliases);
        router.Add("GET", "/_cat/count", CatParams, Count);
        router.Add("GET", "/_cat/count/{index}", CatParams, Count);
    }

    private RestResponse Indices(RestRequest request)
    {
        var options = IndicesOptions.From(request, IndicesOptions.OpenAndClosed);
        var indices = _engine.Cluster.Resolve(request.PathParam("index"), options);
        var health = request.Param("health");
        if (health is not (null or "green" or "yellow" or "red"))
            throw Errors.IllegalArgument($"No enum constant org.elasticsearch.cluster.health.ClusterHealthStatus.{health.ToUpperInvariant()}");
        var columns = new[] { "health", "status", "index", "uuid", "pri", "rep", "docs.count", "docs.deleted", "store.size", "pri.store.size", "dataset.size", "creation.date", "creation.date.string" };
        var table = new CatTable(columns, columns[..11]);
        foreach (var index in indices)
        {
            var status = index.Settings.NumberOfReplicas > 0 ? "yellow" : "green";
            if (health != null && health != status)
                continue;
            var row = new Dictionary<string, string?>
            {
                ["health"] = status,
                ["status"] = index.State,
                ["index"] = index.Name,
                ["uuid"] = index.Uuid,
                ["pri"] = index.Settings.NumberOfShards.ToString(CultureInfo.InvariantCulture),
                ["rep"] = index.Settings.NumberOfReplicas.ToString(CultureInfo.InvariantCulture),
                ["creation.date"] = index.CreationDate.ToString(CultureInfo.InvariantCulture),
                ["creation.date.string"] = DateTimeOffset.FromUnixTimeMilliseconds(index.CreationDate).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            };
            if (!index.IsClosed)
            {
                // A closed index's shards are not open, so _cat has no document or size figures for it.
                var bytes = FormatBytes(index.Shards.Sum(s => s.Snapshot.Documents.Sum(d => (long)d.StoredSource.Length)), request.Param("bytes"));
                row["docs.count"] = index.SearchableCount.ToString(CultureInfo.InvariantCulture);
                row["docs.deleted"] = "0";
                row["store.size"] = bytes;
                row["pri.store.size"] = bytes;
                row["dataset.size"] = bytes;
            }
            table.Add(row);
        }
        return table.Render(request);
    }

    private static string FormatBytes(long bytes, string? unit) => unit switch
    {
        "b" => bytes.ToString(CultureInfo.InvariantCulture),
        "kb" => (bytes / 1024).ToString(CultureInfo.InvariantCulture),
        "mb" => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture),
        _ => bytes < 1024 ? $"{bytes}b" : bytes < 1 << 20 ? $"{bytes / 1024.0:0.#}kb" : $"{bytes / (1024.0 * 1024):0.#}mb",
    };

    private RestResponse Aliases(RestRequest request)
    {
        var names = request.PathParam("name")?.Split(',');
        var columns = new[] { "alias", "index", "filter", "routing.index", "routing.search", "is_write_index" };
        var table = new CatTable(columns, columns);
        foreach (var index in _engine.Cluster.Indices.Values)
            foreach (var (name, alias) in index.Aliases)
            {
                if (names != null && !names.Any(n => Wildcard.Matches(n, name)))
                    continue;
                table.Add(new()
                {
                    ["alias"] = name,
                    ["index"] = index.Name,
                    ["filter"] = alias.Filter == null ? "-" : "*",
                    ["routing.index"] = alias.IndexRouting ?? "-",
                    ["routing.search"] = alias.SearchRouting ?? "-",
                    ["is_write_index"] = alias.IsWriteIndex == null ? "-" : alias.IsWriteIndex.Value ? "true" : "false",
                });
            }
        return table.Render(request);
    }

    private RestResponse Count(RestRequest request)
    {
        var indices = _engine.Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, new IndicesOptions()));
        var now = DateTimeOffset.UtcNow;
        var columns = new[] { "epoch", "timestamp", "count" };
        var table = new CatTable(columns, columns);
        table.Add(new()
        {
            ["epoch"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["timestamp"] = now.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            ["count"] = indices.Sum(i => i.SearchableCount).ToString(CultureInfo.InvariantCulture),
        });
        return table.Render(request);
    }
}
