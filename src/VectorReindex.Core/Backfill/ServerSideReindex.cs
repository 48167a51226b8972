using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Reindex;
using Elastic.Clients.Elasticsearch.Tasks;
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
            var start = await _cluster.CallAsync("POST /_reindex",
                (configuration, token) => _cluster.Client.ReindexAsync(new ReindexRequest
                {
                    Conflicts = Conflicts.Proceed,
                    Source = new Source(_migration.Source),
                    Dest = new Destination(_migration.Target) { VersionType = VersionType.ExternalGte },
                    WaitForCompletion = false,
                    Slices = new Slices(SlicesCalculation.Auto),
                    RequestsPerSecond = maxDocsPerSecond > 0 ? (float)maxDocsPerSecond : (float?)null,
                    RequestConfiguration = configuration,
                }, token), ct).ConfigureAwait(false);
            var taskId = start.Task?.FullyQualifiedId ?? throw new InvalidOperationException("_reindex returned no task id.");
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
                    var answer = await _cluster.SendAsync(new ElasticsearchRequest(HttpMethod.Get, "/_tasks/" + ElasticsearchRequest.Segment(taskId)).Accept(404), ct).ConfigureAwait(false);
                    if (answer.StatusCode == 404)
                        return await FinishAsync(state, slice, ReindexTaskOutcome.Missing(taskId), ct).ConfigureAwait(false);
                    var task = JsonBody.Parse(answer);
                    var status = task["task"]?["status"];
                    state.Total = status?["total"]?.GetValue<long>() ?? state.Total;
                    slice.Copied = (status?["created"]?.GetValue<long>() ?? 0) + (status?["updated"]?.GetValue<long>() ?? 0);
                    slice.SkippedNewer = status?["version_conflicts"]?.GetValue<long>() ?? 0;
                    Progress?.Report(new OperationProgress("Server-side _reindex " + _migration.Source + " -> " + _migration.Target,
                        $"task {taskId}: {slice.Copied:N0} of {state.Total:N0}", slice.Copied + slice.SkippedNewer, state.Total));
                    if (task["completed"]?.GetValue<bool>() == true)
                        return await FinishAsync(state, slice, ReindexTaskOutcome.FromCompletedTask(task), ct).ConfigureAwait(false);
                    await Task.Delay(PollInterval, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _cluster.CallAsync("POST /_tasks/" + taskId + "/_cancel",
                    (configuration, token) => _cluster.Client.Tasks.CancelAsync(new CancelRequest(new TaskId(taskId)) { RequestConfiguration = configuration }, token),
                    cancel.Token, 404).ConfigureAwait(false);
                _logger.LogWarning("Cancelled _reindex task {Task}.", taskId);
                throw;
            }
        }

        /// <summary>Records what the task did; anything short of a whole copy is BackfillIncomplete, and a task that did not run to its end fails the stage.</summary>
        private async Task<BackfillState> FinishAsync(BackfillState state, SliceCheckpoint slice, ReindexTaskOutcome outcome, CancellationToken ct)
        {
            slice.Failed = outcome.Failed;
            slice.Done = outcome.Aborted == null;
            state.FailureKinds = outcome.FailureKinds.Count == 0 ? null : outcome.FailureKinds.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
            state.Aborted = outcome.Aborted;
            state.CompletedAt = DateTimeOffset.UtcNow;
            _migration.Phase = outcome.IsComplete ? MigrationPhase.Backfilled : MigrationPhase.BackfillIncomplete;
            await MigrationStore.SaveAsync(_cluster, _migration, ct).ConfigureAwait(false);
            if (outcome.Aborted != null)
                throw new VectorMigrationException(MigrationErrorCodes.ServerSideReindexFailed, MigrationErrorKind.InvalidState, string.Format(CultureInfo.InvariantCulture,
                    "The server-side copy {0} -> {1} did not finish: {2}. {3} documents were copied before it stopped; the migration is recorded as BackfillIncomplete.",
                    _migration.Source, _migration.Target, outcome.Aborted, slice.Copied), _migration.Target);
            if (!outcome.IsComplete)
                _logger.LogWarning("The server-side copy {Source} -> {Target} reported {Failed} failures ({Kinds}).", _migration.Source, _migration.Target, outcome.Failed, state.FailureSummary);
            BackfillRunner.ThrowIfNothingCopied(_migration, state);
            return state;
        }
    }
}
