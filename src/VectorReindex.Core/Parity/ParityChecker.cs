using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Parity
{
    /// <summary>
    /// Proves a target matches its source: equal counts, an empty id/version diff, sampled vectors
    /// equal (copy) or equal to the embedder's output (re-embed), and the overlap of top-10 kNN hits
    /// for sampled query documents.
    /// </summary>
    public sealed class ParityChecker
    {
        private readonly ElasticsearchCluster _source;
        private readonly ElasticsearchCluster _target;
        private readonly VectorMigration _migration;
        private readonly IEmbeddingGenerator<string, Embedding<float>>? _generator;
        private readonly ILogger _logger;

        /// <param name="generator">The migration's embedder for re-embed migrations; null for copy migrations (or to skip the vector check of a re-embed).</param>
        public ParityChecker(ElasticsearchCluster source, ElasticsearchCluster target, VectorMigration migration,
            IEmbeddingGenerator<string, Embedding<float>>? generator, ILogger logger)
        {
            _source = source;
            _target = target;
            _migration = migration;
            _generator = generator;
            _logger = logger;
        }

        public bool IsCopy => _migration.IsCopy;

        /// <summary>Id scans repeated at most this often when their point in time is lost.</summary>
        private const int MaxScansAfterLoss = 3;

        /// <summary>The keep_alive of the id scans' points in time, renewed by every page.</summary>
        public string KeepAlive { get; set; } = "5m";

        public IProgress<OperationProgress>? Progress { get; set; }

        private string Activity => "Parity " + _migration.Source + " -> " + _migration.Target;

        private void OnScanPage(string index, long read) =>
            Progress?.Report(new OperationProgress(Activity, string.Format(CultureInfo.InvariantCulture, "{0:N0} ids of {1} read", read, index), read, null));

        public async Task<ParityResult> CheckAsync(int sampleSize, int queries, int seed, CancellationToken ct)
        {
            try
            {
                return await CheckOnceAsync(sampleSize, queries, seed, ct).ConfigureAwait(false);
            }
            finally
            {
                Progress?.Report(new OperationProgress(Activity, "Done", 0, null) { Completed = true });
            }
        }

        private async Task<ParityResult> CheckOnceAsync(int sampleSize, int queries, int seed, CancellationToken ct)
        {
            var result = new ParityResult();
            await new IndicesApi(_source).RefreshAsync(_migration.Source, ct).ConfigureAwait(false);
            await new IndicesApi(_target).RefreshAsync(_migration.Target, ct).ConfigureAwait(false);
            result.SourceCount = await new IndicesApi(_source).CountAsync(_migration.Source, ct).ConfigureAwait(false);
            result.TargetCount = await new IndicesApi(_target).CountAsync(_migration.Target, ct).ConfigureAwait(false);

            // Target first (see DeltaRunner), then every difference re-read in real time in both
            // indexes: with writers still writing, only a difference that persists is a problem.
            // Scans that crossed a lost point in time continued in a new view of the index, which may
            // order documents differently: the id diff is proof only from scans that did not.
            var targetScanner = new VersionScanner(_target, KeepAlive, _logger) { OnPage = OnScanPage };
            var sourceScanner = new VersionScanner(_source, KeepAlive, _logger) { OnPage = OnScanPage };
            List<IdVersion> sourceIds;
            List<ConfirmedDifference> confirmed;
            var attempt = 0;
            while (true)
            {
                var reopenedBefore = targetScanner.PitReopened + sourceScanner.PitReopened;
                var targetIds = await targetScanner.ScanAsync(_migration.Target, null, 0, 1, ct).ConfigureAwait(false);
                sourceIds = await sourceScanner.ScanAsync(_migration.Source, null, 0, 1, ct).ConfigureAwait(false);
                var diff = VersionDiff.Compute(sourceIds, targetIds);
                var candidates = diff.ToCopy.Concat(diff.ToDelete).Concat(diff.Conflicts).Select(d => d.Key);
                confirmed = await DiffConfirmation.StillDifferentAsync(_source, _migration.Source, _target, _migration.Target, candidates, ct).ConfigureAwait(false);
                var reopened = targetScanner.PitReopened + sourceScanner.PitReopened;
                if (reopened > 0) result.PitReopened = reopened;
                if (reopened == reopenedBefore) break;
                if (++attempt == MaxScansAfterLoss)
                {
                    result.Problems.Add($"the id scans lost their point in time {attempt} times in a row: no scan of both indexes completed in one view");
                    break;
                }
            }
            result.MissingInTarget = confirmed.Count(c => c.MissingInTarget);
            result.ExtraInTarget = confirmed.Count(c => c.ExtraInTarget);
            result.VersionMismatches = confirmed.Count(c => !c.MissingInTarget && !c.ExtraInTarget);

            var random = new Random(seed);
            var sample = sourceIds.OrderBy(_ => random.Next()).Take(sampleSize).Select(s => s.Key).ToList();
            // A bfloat16 target (9.3+) stores every value rounded: the source's are rounded the same way before comparing.
            var targetMapping = await new IndicesApi(_target).GetMappingAsync(_migration.Target, ct).ConfigureAwait(false);
            var bfloat16 = ShadowIndexPlanner.FieldAt(targetMapping, _migration.VectorField)?["element_type"]?.ToString() == "bfloat16";
            var vectors = await CompareVectorsAsync(sample, bfloat16, result, ct).ConfigureAwait(false);
            await CompareKnnAsync(vectors.Take(queries).ToList(), result, ct).ConfigureAwait(false);

            // Counts are two separate reads while writers may be writing; the real-time diff above
            // is the proof. A count gap with no differing document is reported, not failed.
            if (result.SourceCount != result.TargetCount && result.MissingInTarget + result.ExtraInTarget == 0)
                result.Notes.Add($"counts differed between the two reads ({result.SourceCount} and {result.TargetCount}) while no document differs: writes in flight");
            else if (result.SourceCount != result.TargetCount)
                result.Problems.Add($"counts differ: {result.SourceCount} in {_migration.Source}, {result.TargetCount} in {_migration.Target}");
            if (result.MissingInTarget > 0) result.Problems.Add($"{result.MissingInTarget} documents missing from {_migration.Target}");
            if (result.ExtraInTarget > 0) result.Problems.Add($"{result.ExtraInTarget} documents in {_migration.Target} that {_migration.Source} no longer has");
            if (result.VersionMismatches > 0) result.Problems.Add($"{result.VersionMismatches} documents at another version in {_migration.Target}");
            if (result.VectorMismatches > 0) result.Problems.Add($"{result.VectorMismatches} of {result.VectorsCompared} sampled vectors differ");
            result.Passed = result.Problems.Count == 0;
            _logger.LogInformation("Parity of {Source} and {Target}: {Result}.", _migration.Source, _migration.Target, result);
            return result;
        }

        /// <summary>Compares the sampled documents' vectors; returns (source vector, target vector, id) for the kNN check.</summary>
        private async Task<List<(string Id, float[] Source, float[] Target)>> CompareVectorsAsync(List<DocumentKey> ids, bool bfloat16Target, ParityResult result, CancellationToken ct)
        {
            var pairs = new List<(string, float[], float[])>();
            var pending = ids;
            // With writers still writing, a sampled document may be read between its write to one index
            // and the other: only a pair read at the same version is compared; the others are read again.
            for (var attempt = 0; pending.Count > 0 && attempt < VectorRereads; attempt++)
            {
                if (attempt > 0) await Task.Delay(50 * attempt, ct).ConfigureAwait(false);
                pending = await CompareVectorsOnceAsync(pending, bfloat16Target, result, pairs, ct).ConfigureAwait(false);
            }
            if (pending.Count > 0)
                result.Notes.Add($"{pending.Count} sampled documents changed while their vectors were compared ({VectorRereads} reads): writes in flight; the version diff checks them");
            return pairs;
        }

        private const int VectorRereads = 4;

        /// <summary>Compares the vectors of the pairs read at the same version; returns the keys read at different versions.</summary>
        private async Task<List<DocumentKey>> CompareVectorsOnceAsync(List<DocumentKey> ids, bool bfloat16Target, ParityResult result,
            List<(string, float[], float[])> pairs, CancellationToken ct)
        {
            // Target first, as every writer writes the source first: a pair at the same version is then one write's.
            using var targetDocs = await new DocumentsApi(_target).MultiGetRawAsync(_migration.Target, ids, _target.Capabilities.MustAskForVectors, ct).ConfigureAwait(false);
            // Each side is asked for its vectors the way its own version takes it (the clusters may run different versions).
            using var sourceDocs = await new DocumentsApi(_source).MultiGetRawAsync(_migration.Source, ids, _source.Capabilities.MustAskForVectors, ct).ConfigureAwait(false);
            var targets = new Dictionary<string, JsonElement>();
            var unsettled = new List<DocumentKey>();
            var expected = new Dictionary<string, float[]>();
            var texts = new List<(string Id, string Text)>();
            // _mget answers in the order asked: the i-th doc of each side is ids[i].
            var targetList = targetDocs.RootElement.GetProperty("docs");
            var sourceList = sourceDocs.RootElement.GetProperty("docs");
            for (var i = 0; i < ids.Count; i++)
            {
                var d = sourceList[i];
                var td = targetList[i];
                if (!d.TryGetProperty("_source", out var s) || !td.TryGetProperty("_source", out var ts)) continue;
                var id = ids[i].Id;
                if (VersionOf(td) != VersionOf(d))
                {
                    unsettled.Add(ids[i]);
                    continue;
                }
                targets[id] = ts;
                var vector = ReadVector(s);
                if (IsCopy) { if (vector != null) expected[id] = vector; }
                else if (_migration.TextField != null && SourceFields.Text(s, _migration.TextField) is string text) texts.Add((id, text));
                if (vector != null && ReadVector(ts) is float[] tv) pairs.Add((id, vector, tv));
            }
            if (!IsCopy && _generator != null && texts.Count > 0)
            {
                var embedded = await EmbeddingBatcher.EmbedAsync(_generator, texts, _migration.Dimensions, ct).ConfigureAwait(false);
                foreach (var e in embedded.Embedded) expected[e.Id] = e.Vector.ToArray();
            }
            foreach (var pair in expected)
            {
                result.VectorsCompared++;
                var actual = ReadVector(targets[pair.Key]);
                if (actual == null || actual.Length != pair.Value.Length || actual.Where((v, i) => Math.Abs(v - (bfloat16Target ? BFloat16.Round(pair.Value[i]) : pair.Value[i])) > 1e-6f).Any())
                    result.VectorMismatches++;
            }
            return unsettled;
        }

        private static long VersionOf(JsonElement doc) => doc.TryGetProperty("_version", out var v) ? v.GetInt64() : -1;

        private async Task CompareKnnAsync(List<(string Id, float[] Source, float[] Target)> queries, ParityResult result, CancellationToken ct)
        {
            double total = 0;
            foreach (var (_, sourceVector, targetVector) in queries)
            {
                var a = await TopTenAsync(_source, _migration.Source, sourceVector, ct).ConfigureAwait(false);
                var b = await TopTenAsync(_target, _migration.Target, targetVector, ct).ConfigureAwait(false);
                total += a.Count == 0 ? 1 : a.Intersect(b).Count() / (double)a.Count;
                result.KnnQueries++;
            }
            result.KnnOverlap = result.KnnQueries == 0 ? 1 : Math.Round(total / result.KnnQueries, 4);
        }

        private async Task<HashSet<string>> TopTenAsync(ElasticsearchCluster transport, string index, float[] vector, CancellationToken ct)
        {
            var body = new JsonObject
            {
                ["size"] = 10,
                ["_source"] = false,
                ["knn"] = new JsonObject
                {
                    ["field"] = _migration.VectorField,
                    ["query_vector"] = new JsonArray(vector.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                    ["k"] = 10,
                    ["num_candidates"] = 100,
                },
            };
            var response = await new SearchApi(transport).SearchAsync(index, body, ct).ConfigureAwait(false);
            using var doc = response.ParseDocument();
            return new HashSet<string>(doc.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("_id").GetString()!));
        }

        private float[]? ReadVector(JsonElement source)
        {
            if (!SourceFields.TryGet(source, _migration.VectorField, out var value)) return null;
            // An index that keeps vectors in _source returns a base64-written vector as it was sent.
            if (value.ValueKind == JsonValueKind.String) return Base64Vector.TryDecode(value.GetString()!, out var decoded) ? decoded : null;
            if (value.ValueKind != JsonValueKind.Array) return null;
            var list = new List<float>();
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number) return null;
                list.Add(item.GetSingle());
            }
            return list.ToArray();
        }
    }
}
