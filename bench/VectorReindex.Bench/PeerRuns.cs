using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Bench;

/// <summary>What one timed copy reads and writes: the alias and its write index, the new index, the corpus's size.</summary>
internal sealed record CopyJob(string Alias, string Source, string Target, int Docs, int Dims);

/// <summary>
/// One timed copy by each peer, each into a fresh index that is verified (count and a sample of
/// vectors, <see cref="CopyVerification"/>) before its time counts, then deleted.
/// </summary>
internal static class PeerRuns
{
    /// <summary>
    /// Start-Backfill's Core path, as the cmdlet calls it: plan, create the shadow index,
    /// MigrationEngine.BackfillAsync (4 PIT slices, 500 per batch). With <paramref name="embedder"/> it
    /// re-embeds the title; with <paramref name="serverSide"/> the node's own _reindex copies (slices=auto).
    /// </summary>
    /// <param name="embedded">With a deterministic <paramref name="embedder"/>: its vector of a title, which the sampled documents must hold bit for bit.</param>
    public static async Task<RunResult?> EngineAsync(ClusterConnection connection, LocalNodeProcess node, CopyJob job, VectorEmbedder? embedder = null, bool serverSide = false,
        Func<string, float[]>? embedded = null)
    {
        var engine = new MigrationEngine(connection);
        var observer = MigrationObserver.None;
        var shadow = new ShadowIndexOptions { Alias = job.Alias, Name = job.Target };
        if (embedder != null)
        {
            shadow.TextField = "title";
            shadow.Embedder = embedder.Descriptor;
        }
        var plan = await engine.PlanAsync(shadow, observer, CancellationToken.None);
        var created = await engine.CreateShadowAsync(plan, observer, CancellationToken.None);
        var stage = new BackfillStageOptions(created) { Backfill = new BackfillOptions { BatchSize = 500, Slices = 4 }, Embedder = embedder, ServerSide = serverSide };
        var cost = ProcessCost.Start(node);
        var backfilled = await engine.BackfillAsync(stage, observer, CancellationToken.None);
        var copy = cost.Stop();
        var state = backfilled.Backfill!;
        if (state.Copied != job.Docs || state.Failed != 0) return Failed($"{created.Target}: copied {state.Copied} of {job.Docs}, {state.Failed} failed ({state}).");
        if (await CopyVerification.CheckAsync(connection.Cluster, job.Source, created.Target, job.Docs, job.Dims, sameVectors: embedder == null, embedded) is { } wrong) return Failed(wrong);
        var vectors = embedder == null ? null : await CopyVerification.VectorDigestAsync(connection.Cluster, created.Target, job.Docs);
        await new IndicesApi(connection.Cluster).DeleteAsync(created.Target, CancellationToken.None);
        var detail = $"GC {copy.Gen0}/{copy.Gen1}/{copy.Gen2}, {copy.PauseTime.TotalMilliseconds:F0} ms paused, {copy.AllocatedBytes / (double)state.Copied / 1024:F1} KiB/doc";
        var seconds = copy.Elapsed.TotalSeconds;
        if (serverSide)
        {
            // The task's own time: the engine polls _tasks once a second, which would charge the peer up to a second it did not use.
            var took = await TaskTookAsync(node.Uri, state.ServerTaskId!);
            detail = $"task took {took:F1} s, Start-Backfill -ServerSide returned after {seconds:F1} s (1 s polls)";
            seconds = took;
        }
        return new RunResult(seconds, state.Copied / seconds,
            copy.SelfCpu.TotalMilliseconds * 1000 / state.Copied, copy.NodeCpu.TotalMilliseconds * 1000 / state.Copied, detail, vectors);
    }

    /// <summary>A client in its own process (<see cref="ScriptPeer"/>) copying into an index created with the plan Start-Backfill would use.</summary>
    public static async Task<RunResult?> ScriptAsync(ScriptPeer peer, ClusterConnection connection, LocalNodeProcess node, CopyJob job)
    {
        var cluster = connection.Cluster;
        var plan = await new MigrationEngine(connection).PlanAsync(new ShadowIndexOptions { Alias = job.Alias, Name = job.Target }, MigrationObserver.None, CancellationToken.None);
        await new IndicesApi(cluster).CreateAsync(job.Target, plan.Body, CancellationToken.None);
        var nodeCpu = node.CpuTime;
        (double Seconds, long Copied, long Errors) result;
        try
        {
            result = await peer.CopyAsync(node.Uri, job.Source, job.Target, cluster.Capabilities.VectorsInSource == VectorsInSource.QueryParameter);
        }
        catch (InvalidOperationException failure)
        {
            return Failed(failure.Message);
        }
        var nodeUs = (node.CpuTime - nodeCpu).TotalMilliseconds * 1000 / job.Docs;
        if (result.Copied != job.Docs || result.Errors != 0) return Failed($"{peer.Name}: copied {result.Copied} of {job.Docs}, {result.Errors} errors.");
        if (await CopyVerification.CheckAsync(cluster, job.Source, job.Target, job.Docs, job.Dims, sameVectors: true) is { } wrong) return Failed(wrong);
        await new IndicesApi(cluster).DeleteAsync(job.Target, CancellationToken.None);
        return new RunResult(result.Seconds, job.Docs / result.Seconds, double.NaN, nodeUs, $"copied {result.Copied}");
    }

    private static async Task<double> TaskTookAsync(Uri node, string taskId)
    {
        using var http = new HttpClient { BaseAddress = node };
        var task = JsonNode.Parse(await http.GetStringAsync("/_tasks/" + Uri.EscapeDataString(taskId)))!;
        return (task["response"]?["took"]?.GetValue<long>() ?? throw new InvalidOperationException($"_tasks/{taskId} has no response.took")) / 1000.0;
    }

    public static RunResult? Failed(string message)
    {
        Console.Error.WriteLine(message);
        return null;
    }

    public static string Index(string alias, string tag, int run) => string.Create(CultureInfo.InvariantCulture, $"{alias}-{tag}-{run}");
}
