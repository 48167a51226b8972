using System;
using System.Globalization;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Backfill
{
    /// <summary>
    /// Hands a copy migration to the cluster's own _reindex (slices=auto, external_gte versions,
    /// conflicts=proceed), follows the task for progress, and cancels it when the run is cancelled.
    /// </summary>
    public sealed class ServerSideReindex
    {
        private readonly ElasticsearchCluster _cluster;
        private readonly VectorMigration _migration;
        private readonly ILogger _logger;

        public ServerSideReindex(ElasticsearchCluster cluster, VectorMigration migration, ILogger logger)
        {
            _cluster = cluster;
            _migration = migration;
            _logger = logger;
        }

        public IProgress<OperationProgress>? Progress { get; set; }

        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        public async Task<BackfillState> RunAsync(double maxDocsPerSecond, CancellationToken ct)
        {
            var body = new JsonObject
            {
                ["conflicts"] = "proceed",
                ["source"] = new JsonObject { ["index"] = _migration.Source },
                ["dest"] = new JsonObject { ["index"] = _migration.Target, ["version_type"] = "external_gte" },
            };
            var start = new ElasticsearchRequest(HttpMethod.Post, "/_reindex")
                .WithQuery("wait_for_completion", "false").WithQuery("slices", "auto")
                .WithQuery("requests_per_second", maxDocsPerSecond > 0 ? maxDocsPerSecond.ToString(CultureInfo.InvariantCulture) : null)
                .WithJsonBody(JsonBody.From(body));
            var taskId = JsonBody.Parse(await _cluster.SendAsync(start, ct).ConfigureAwait(false))["task"]?.ToString()
                ?? throw new InvalidOperationException("_reindex returned no task id.");
            var state = new BackfillState { Layout = "server-side", ServerTaskId = taskId };
            _migration.Backfill = state;
            _migration.Phase = MigrationPhase.Backfilling;
            await MigrationStore.SaveAsync(_cluster, _migration, ct).ConfigureAwait(false);
            _logger.LogInformation("Started _reindex task {Task} ({Source} -> {Target}).", taskId, _migration.Source, _migration.Target);
            var slice = new SliceCheckpoint { Id = 0 };
            state.Slices.Add(slice);
            try
            {
                while (true)
                {
                    var task = JsonBody.Parse(await _cluster.SendAsync(new ElasticsearchRequest(HttpMethod.Get, "/_tasks/" + ElasticsearchRequest.Segment(taskId)), ct).ConfigureAwait(false));
                    var status = task["task"]?["status"];
                    state.Total = status?["total"]?.GetValue<long>() ?? state.Total;
                    slice.Copied = (status?["created"]?.GetValue<long>() ?? 0) + (status?["updated"]?.GetValue<long>() ?? 0);
                    slice.SkippedNewer = status?["version_conflicts"]?.GetValue<long>() ?? 0;
                    Progress?.Report(new OperationProgress("Server-side _reindex " + _migration.Source + " -> " + _migration.Target,
                        $"task {taskId}: {slice.Copied:N0} of {state.Total:N0}", slice.Copied + slice.SkippedNewer, state.Total));
                    if (task["completed"]?.GetValue<bool>() == true)
                    {
                        var failures = task["response"]?["failures"] as JsonArray;
                        slice.Failed = failures?.Count ?? 0;
                        slice.Done = true;
                        state.CompletedAt = DateTimeOffset.UtcNow;
                        _migration.Phase = MigrationPhase.Backfilled;
                        await MigrationStore.SaveAsync(_cluster, _migration, ct).ConfigureAwait(false);
                        return state;
                    }
                    await Task.Delay(PollInterval, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _cluster.SendAsync(new ElasticsearchRequest(HttpMethod.Post, "/_tasks/" + ElasticsearchRequest.Segment(taskId) + "/_cancel").Accept(404), cancel.Token).ConfigureAwait(false);
                _logger.LogWarning("Cancelled _reindex task {Task}.", taskId);
                throw;
            }
        }
    }
}
