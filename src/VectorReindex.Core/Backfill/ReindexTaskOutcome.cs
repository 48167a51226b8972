using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace VectorReindex.Core.Backfill
{
    /// <summary>
    /// What a finished (or vanished) _reindex task says about the copy. Only a task that completed
    /// with no top-level error, no failures and no cancellation copied everything; a task the
    /// cluster no longer knows (a node restart drops running tasks) proves nothing.
    /// </summary>
    public sealed class ReindexTaskOutcome
    {
        private ReindexTaskOutcome(string? aborted, IReadOnlyDictionary<string, long> failureKinds)
        {
            Aborted = aborted;
            FailureKinds = failureKinds;
        }

        /// <summary>Why the task stopped before the end: its error, its cancellation, or that it is gone; null when it ran to the end.</summary>
        public string? Aborted { get; }

        /// <summary>The documents the task reported as failures, by cause type (for example mapper_parsing_exception).</summary>
        public IReadOnlyDictionary<string, long> FailureKinds { get; }

        public long Failed => FailureKinds.Values.Sum();

        /// <summary>True only when the whole source was copied.</summary>
        public bool IsComplete => Aborted == null && Failed == 0;

        /// <summary>GET /_tasks/{id} answered 404: the task and its result are gone.</summary>
        public static ReindexTaskOutcome Missing(string taskId) =>
            new ReindexTaskOutcome($"task {taskId} is no longer known to the cluster (a node restart drops running tasks), so the copy cannot be confirmed",
                new Dictionary<string, long>());

        /// <summary>The body of GET /_tasks/{id} for a completed task.</summary>
        public static ReindexTaskOutcome FromCompletedTask(JsonNode task)
        {
            var kinds = new Dictionary<string, long>(StringComparer.Ordinal);
            if (task["response"]?["failures"] is JsonArray failures)
                foreach (var f in failures)
                {
                    var kind = f?["cause"]?["type"]?.ToString() ?? f?["reason"]?["type"]?.ToString() ?? "reindex_failure";
                    kinds[kind] = kinds.TryGetValue(kind, out var n) ? n + 1 : 1;
                }
            string? aborted = null;
            if (task["error"] is JsonObject error)
                aborted = $"the task failed with {error["type"]} ({error["reason"]})";
            else if (task["response"]?["canceled"]?.ToString() is string canceled && canceled.Length > 0)
                aborted = "the task was cancelled " + canceled;
            else if (task["task"]?["cancelled"] is JsonValue c && c.TryGetValue(out bool cancelled) && cancelled)
                aborted = "the task was cancelled";
            else if (task["response"] == null)
                aborted = "the task completed without a response";
            return new ReindexTaskOutcome(aborted, kinds);
        }
    }
}
