using System.Collections.Immutable;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>
/// _close and _open. A closed index keeps its metadata (get index, mapping, settings, aliases, health and
/// _cat show it) but refuses reads and writes of documents with index_closed_exception until reopened.
/// </summary>
internal sealed class IndexStateHandlers
{
    private const string Params = "ignore_unavailable,allow_no_indices,expand_wildcards,timeout,master_timeout,wait_for_active_shards";
    private const string VerifiedBeforeClose = "index.verified_before_close";
    private readonly LocalNodeEngine _engine;

    public IndexStateHandlers(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    private LocalCluster Cluster => _engine.Cluster;

    public void Register(RestRouter router)
    {
        router.Add("POST", "/{index}/_close", Params, CloseAsync);
        router.Add("POST", "/{index}/_open", Params, OpenAsync);
    }

    private async Task<RestResponse> CloseAsync(RestRequest request)
    {
        var expression = request.PathParam("index")!;
        var parts = expression.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (Cluster.DestructiveRequiresName && parts.Any(p => p is "_all" || Wildcard.IsPattern(p)))
            throw Errors.IllegalArgument("Wildcard expressions or all indices are not allowed");
        var waitFor = ActiveShardCount.From(request);
        var indices = Cluster.Resolve(expression, IndicesOptions.From(request, IndicesOptions.OpenAllowClosed));
        SetState(indices, closed: true);
        var acknowledged = await waitFor.WaitAsync(indices.Select(i => i.Settings), request).ConfigureAwait(false);
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("acknowledged", true);
            w.WriteBoolean("shards_acknowledged", acknowledged);
            w.WritePropertyName("indices");
            w.WriteStartObject();
            foreach (var index in indices)
            {
                w.WritePropertyName(index.Name);
                w.WriteStartObject();
                w.WriteBoolean("closed", true);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private async Task<RestResponse> OpenAsync(RestRequest request)
    {
        var waitFor = ActiveShardCount.From(request);
        var defaults = new IndicesOptions(ExpandOpen: false, ExpandClosed: true, ForbidClosed: false);
        var indices = Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, defaults));
        SetState(indices, closed: false);
        var acknowledged = await waitFor.WaitAsync(indices.Select(i => i.Settings), request).ConfigureAwait(false);
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("acknowledged", true);
            w.WriteBoolean("shards_acknowledged", acknowledged);
            w.WriteEndObject();
        });
    }

    /// <summary>Closes or opens the indices in one metadata change; closing marks them verified, as Elasticsearch does.</summary>
    private void SetState(List<LocalIndex> indices, bool closed)
    {
        lock (Cluster.MetadataLock)
        {
            foreach (var index in indices)
            {
                if (index.IsClosed == closed)
                    continue;
                if (closed)
                    index.RefreshAll();
                var values = new SortedDictionary<string, string>(index.Settings.Values, StringComparer.Ordinal);
                if (closed)
                    values[VerifiedBeforeClose] = "true";
                else
                    values.Remove(VerifiedBeforeClose);
                index.Settings = new IndexSettings(values);
                index.IsClosed = closed;
            }
            Cluster.Publish((ImmutableSortedDictionary<string, LocalIndex>)Cluster.Indices);
        }
    }
}
