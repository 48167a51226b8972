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
using VectorReindex.Core.Documents;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.DualWrite
{
    /// <summary>
    /// The safe upsert and delete of the rolling update. Writes go to the live index the alias
    /// resolved to, by its name: through the alias, a swap between resolving and writing (a cutover
    /// or rollback by another process) would put the live model's vector into the other index.
    /// When a migration of the alias is in flight they go to its target too, with
    /// version_type=external_gte and the _version the live write returned, each index with its own
    /// model's vector. After the cutover, while the old index is kept for rollback, the old index
    /// is the second write, so a rollback loses nothing.
    /// </summary>
    public sealed class DualWriter
    {
        private readonly ElasticsearchCluster _live;
        private readonly ElasticsearchCluster? _second;
        private readonly IEmbeddingGenerator<string, Embedding<float>>? _liveModel;
        private readonly IEmbeddingGenerator<string, Embedding<float>>? _secondModel;
        private readonly bool _secondCopiesVector;
        private readonly bool _liveBase64;
        private readonly bool _secondBase64;
        private readonly ILogger _logger;

        private DualWriter(WriteRouting routing, string vectorField, string textField,
            IEmbeddingGenerator<string, Embedding<float>>? liveModel, IEmbeddingGenerator<string, Embedding<float>>? secondModel, bool secondCopiesVector,
            bool liveBase64, bool secondBase64, ILogger logger)
        {
            _liveBase64 = liveBase64;
            _secondBase64 = secondBase64;
            _live = routing.LiveConnection.Cluster;
            _second = routing.SecondConnection?.Cluster;
            Routing = routing;
            VectorField = vectorField;
            TextField = textField;
            _liveModel = liveModel;
            _secondModel = secondModel;
            _secondCopiesVector = secondCopiesVector;
            _logger = logger;
        }

        /// <summary>Where this writer sends writes (both clusters, for a migration that moves clusters).</summary>
        public WriteRouting Routing { get; }

        /// <summary>The alias written through first (on <see cref="WriteRouting.LiveCluster"/>).</summary>
        public string Alias => Routing.Alias;

        public string Live => Routing.Live;

        public string? Second => Routing.Second;

        public string VectorField { get; }
        public string TextField { get; }

        /// <summary>The writer for a routing already resolved (<see cref="WriteRouting.ResolveAsync(Connection.ClusterConnection, string, Connection.IClusterResolver, CancellationToken)"/>).</summary>
        public static DualWriter Create(WriteRouting routing,
            IEmbeddingGenerator<string, Embedding<float>>? embedder, IEmbeddingGenerator<string, Embedding<float>>? secondEmbedder,
            string? textField, string? vectorField, ILogger logger)
        {
            var live = routing.Live;
            var second = routing.Second;
            var migration = routing.Migration;
            var liveMappings = routing.LiveMappings;
            var field = vectorField ?? migration?.VectorField ?? ShadowIndexPlanner.ChooseVectorField(liveMappings, null, live);
            var text = textField ?? migration?.TextField ?? "text";
            var liveModel = Rebuild(IndexModel.FromMappings(liveMappings)) ?? embedder;

            IEmbeddingGenerator<string, Embedding<float>>? secondModel = null;
            var copies = false;
            if (second != null && routing.SecondUnreachable == null)
            {
                copies = migration!.IsCopy;
                if (!copies)
                {
                    secondModel = Rebuild(IndexModel.FromMappings(routing.SecondMappings)) ?? secondEmbedder;
                    if (secondModel == null)
                        throw new VectorMigrationException(MigrationErrorCodes.SecondModelUnknown, MigrationErrorKind.InvalidState,
                            $"Writes to alias {routing.Alias} must also go to {second}, whose vectors come from a model that cannot be rebuilt from its _meta, and no model for it was given.", second);
                }
            }
            logger.LogInformation("Writes to {Alias} go to {Live}{Second}.", routing.Alias, live,
                second == null ? "" : routing.IsCrossCluster ? $" on cluster {routing.LiveCluster.Name} and, versioned, to {second} on cluster {routing.SecondCluster!.Name}" : " and, versioned, to " + second);
            // Vectors go as base64 to a 9.3+ cluster (unless turned off), into each index whose field is a float vector.
            var liveBase64 = routing.LiveConnection.Cluster.SendsBase64Vectors && Base64Vector.Accepts(ShadowIndexPlanner.FieldAt(liveMappings, field));
            var secondBase64 = second != null && routing.SecondConnection!.Cluster.SendsBase64Vectors && routing.SecondMappings != null
                && Base64Vector.Accepts(ShadowIndexPlanner.FieldAt(routing.SecondMappings, field));
            return new DualWriter(routing, field, text, liveModel, secondModel, copies, liveBase64, secondBase64, logger);
        }

        private static IEmbeddingGenerator<string, Embedding<float>>? Rebuild(EmbedderDescriptor? descriptor) =>
            descriptor != null && descriptor.Kind != EmbedderKind.Copy && EmbedderFactory.TryCreate(descriptor, out var generator) ? generator : null;

        public async Task<IReadOnlyList<DocumentFailure>> WriteAsync(IReadOnlyList<VectorDocument> documents, DualWriteSummary summary, CancellationToken ct)
        {
            summary.Alias = Alias;
            summary.Live = Live;
            summary.Second = Second;
            var failures = new List<DocumentFailure>();
            var liveVectors = await VectorsAsync(documents, _liveModel, Live, failures, ct).ConfigureAwait(false);
            // The second index's vectors are made before the live write, so its copy trails the live
            // one by a bulk request, not by the model's time: a parity check on live indexes would
            // see a slow model's writes in flight (hundreds of ms) as documents missing or stale.
            var secondVectors = Second == null || _secondCopiesVector || Routing.SecondUnreachable != null ? liveVectors
                : await VectorsAsync(documents.Where(d => liveVectors.ContainsKey(d.Id)).ToList(), _secondModel, Second, failures, ct).ConfigureAwait(false);
            var ready = new List<VectorDocument>();
            foreach (var d in documents.Where(d => liveVectors.ContainsKey(d.Id)))
            {
                if (RoutingConflict(d.Id, d.Routing) is { } conflict) failures.Add(conflict);
                else ready.Add(d);
            }
            var ops = ready.Select(d => new BulkOperation(BulkAction.Index, Live, d.Id, w => WriteBody(w, d, liveVectors[d.Id], _liveBase64)) { Routing = Routing.RoutingOf(d.Routing) }).ToList();
            var results = await new BulkApi(_live).SendAsync(ops, null, ct).ConfigureAwait(false);
            var written = new List<(VectorDocument Doc, long Version)>();
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].IsSuccess) written.Add((ready[i], results[i].Version ?? 1));
                else failures.Add(new DocumentFailure(Live, ready[i].Id, MigrationErrorCodes.WriteFailed,
                    $"Writing document '{ready[i].Id}' to {Live} (alias {Alias}) failed with HTTP {results[i].Status} ({results[i].ErrorType}: {results[i].ErrorReason}).", results[i].Status));
            }
            summary.Written += written.Count;
            if (Second != null && written.Count > 0)
            {
                var toSecond = written.Where(w => secondVectors.ContainsKey(w.Doc.Id)).ToList();
                var secondOps = toSecond
                    .Select(w => BulkOperation.VersionedIndex(Second, w.Doc.Id, w.Version, wr => WriteBody(wr, w.Doc, secondVectors[w.Doc.Id], _secondBase64), Routing.RoutingOf(w.Doc.Routing))).ToList();
                var conflicts = await WriteSecondAsync(secondOps, summary, failures, ct).ConfigureAwait(false);
                var takenOver = conflicts.Count == 0 ? 0
                    : await LiftPastTombstonesAsync(conflicts.Select(c => (toSecond[c.Index].Doc, toSecond[c.Index].Version, c.Result)).ToList(),
                        liveVectors, secondVectors, summary, failures, ct).ConfigureAwait(false);
                summary.SecondSkippedNewer += conflicts.Count - takenOver;
            }
            summary.Failed += failures.Count;
            return failures;
        }

        public Task<IReadOnlyList<DocumentFailure>> DeleteAsync(IReadOnlyList<string> ids, DualWriteSummary summary, CancellationToken ct) =>
            DeleteAsync(ids.Select(id => new DocumentKey(id)).ToList(), summary, ct);

        /// <summary>Deletes each document with its routing from the live index, then (versioned, same routing) from the second.</summary>
        public async Task<IReadOnlyList<DocumentFailure>> DeleteAsync(IReadOnlyList<DocumentKey> keys, DualWriteSummary summary, CancellationToken ct)
        {
            summary.Alias = Alias;
            summary.Live = Live;
            summary.Second = Second;
            var failures = new List<DocumentFailure>();
            var accepted = new List<DocumentKey>();
            foreach (var k in keys)
            {
                if (RoutingConflict(k.Id, k.Routing) is { } conflict) failures.Add(conflict);
                else accepted.Add(new DocumentKey(k.Id, Routing.RoutingOf(k.Routing)));
            }
            keys = accepted;
            var results = await new BulkApi(_live).SendAsync(keys.Select(k => new BulkOperation(BulkAction.Delete, Live, k.Id) { Routing = k.Routing }).ToList(), null, ct).ConfigureAwait(false);
            var secondOps = new List<BulkOperation>();
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                if (r.IsSuccess || r.Status == 404)
                {
                    if (r.IsSuccess) summary.Deleted++;
                    // A delete the live index had no document for still goes to the second index: it may hold a stale copy.
                    if (Second != null && r.Version.HasValue) secondOps.Add(BulkOperation.VersionedDelete(Second, r.Id, r.Version.Value, keys[i].Routing));
                }
                else failures.Add(new DocumentFailure(Live, r.Id, MigrationErrorCodes.DeleteFailed, $"Deleting document '{r.Id}' from {Live} (alias {Alias}) failed with HTTP {r.Status} ({r.ErrorType}: {r.ErrorReason}).", r.Status));
            }
            summary.SecondSkippedNewer += (await WriteSecondAsync(secondOps, summary, failures, ct).ConfigureAwait(false)).Count;
            summary.Failed += failures.Count;
            return failures;
        }

        private DocumentFailure? RoutingConflict(string id, string? routing) =>
            Routing.RoutingConflict(id, routing) is { } why ? new DocumentFailure(Alias, id, MigrationErrorCodes.WriteFailed, why, 400) : null;

        /// <summary>
        /// The versioned second writes. One the second index refused, or all of them when its cluster
        /// cannot be reached, is counted as missed and reported per document: the live write stands,
        /// and the next delta pass (before a cutover) brings the second index in step.
        /// </summary>
        /// <returns>The version conflicts, not counted here: second writes that lost to a version already in the second index.</returns>
        private async Task<List<(int Index, BulkItemResult Result)>> WriteSecondAsync(List<BulkOperation> ops, DualWriteSummary summary, List<DocumentFailure> failures, CancellationToken ct)
        {
            var conflicts = new List<(int Index, BulkItemResult Result)>();
            if (ops.Count == 0) return conflicts;
            IReadOnlyList<BulkItemResult> results;
            try
            {
                if (Routing.SecondUnreachable != null) throw new SecondUnreachableException(Routing.SecondUnreachable);
                results = await new BulkApi(_second!).SendAsync(ops, null, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ElasticsearchException or SecondUnreachableException && !ct.IsCancellationRequested)
            {
                summary.SecondMissed += ops.Count;
                _logger.LogWarning("The second writes of {Count} document(s) to {Second} on cluster {Cluster} did not arrive ({Reason}); they were written to {Live}, and the next delta pass brings them over.",
                    ops.Count, Second, Routing.SecondCluster?.Name, ex.Message, Live);
                var status = (ex as ElasticsearchException)?.StatusCode;
                foreach (var op in ops)
                    failures.Add(new DocumentFailure(Second!, op.Id, MigrationErrorCodes.SecondWriteMissed,
                        $"Document '{op.Id}' was written to {Live} but not to {Second} on cluster {Routing.SecondCluster?.Name} ({ex.Message}); the next delta pass brings it over.", status));
                return conflicts;
            }
            var refused = 0;
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                if (r.IsSuccess) summary.SecondWritten++;
                else if (r.IsVersionConflict) conflicts.Add((i, r));
                else if (r.Status == 404 && ops[i].Action == BulkAction.Delete) { /* nothing to delete there */ }
                else
                {
                    refused++;
                    failures.Add(new DocumentFailure(Second!, ops[i].Id, MigrationErrorCodes.SecondWriteFailed,
                        $"Writing document '{ops[i].Id}' to {Second} failed with HTTP {r.Status} ({r.ErrorType}: {r.ErrorReason}); the next delta pass brings it over.", r.Status));
                }
            }
            if (refused > 0)
            {
                summary.SecondMissed += refused;
                _logger.LogWarning("{Second} refused {Count} second write(s) that {Live} took; the next delta pass brings them over.", Second, refused, Live);
            }
            return conflicts;
        }

        /// <summary>
        /// A second write that lost to a delete tombstone, not to a newer document: the second index
        /// deleted the document at a version above the one the live index gives it now (the live index
        /// started it again at version 1: it never saw that delete, or its own tombstone expired), and
        /// left alone the second index would miss a document the live one serves — after a cutover, a
        /// rollback would lose it. Both copies are lifted past the tombstone: the live document (if it
        /// is still the one just written) is written again with external version tombstone+1, then the
        /// second with the same version. A second index that holds the document is newer: left alone.
        /// </summary>
        /// <returns>How many of the conflicts this took over (lifted, or reported as missed); the rest lost to a newer version.</returns>
        private async Task<int> LiftPastTombstonesAsync(List<(VectorDocument Doc, long Version, BulkItemResult Result)> conflicts,
            Dictionary<string, ReadOnlyMemory<float>> liveVectors, Dictionary<string, ReadOnlyMemory<float>> secondVectors,
            DualWriteSummary summary, List<DocumentFailure> failures, CancellationToken ct)
        {
            var keys = conflicts.Select(c => new DocumentKey(c.Doc.Id, Routing.RoutingOf(c.Doc.Routing))).ToList();
            var inSecond = await new DocumentsApi(_second!).MultiGetAsync(Second!, keys, withSource: false, includeVectors: false, ct).ConfigureAwait(false);
            var inLive = await new DocumentsApi(_live).MultiGetAsync(Live, keys, withSource: false, includeVectors: false, ct).ConfigureAwait(false);
            var lifts = new List<(VectorDocument Doc, long Version)>();
            var unnamed = 0;
            for (var i = 0; i < conflicts.Count; i++)
            {
                if (inSecond[i].Found) continue;
                // Changed or deleted in the live index since this write: that later write routes itself.
                if (!inLive[i].Found || inLive[i].Version != conflicts[i].Version) continue;
                if (VersionConflict.CurrentVersion(conflicts[i].Result.ErrorReason) is not { } tombstone)
                {
                    failures.Add(new DocumentFailure(Second!, conflicts[i].Doc.Id, MigrationErrorCodes.SecondWriteFailed,
                        $"Document '{conflicts[i].Doc.Id}' was written to {Live} but {Second} refused it for a delete of a later version, which its answer does not name ({conflicts[i].Result.ErrorReason}); the next delta pass brings it over."));
                    summary.SecondMissed++;
                    unnamed++;
                    continue;
                }
                lifts.Add((conflicts[i].Doc, tombstone + 1));
            }
            if (lifts.Count == 0) return unnamed;
            var liveResults = await new BulkApi(_live).SendAsync(lifts.Select(l => new BulkOperation(BulkAction.Index, Live, l.Doc.Id, w => WriteBody(w, l.Doc, liveVectors[l.Doc.Id], _liveBase64))
                { Version = l.Version, VersionType = "external", Routing = Routing.RoutingOf(l.Doc.Routing) }).ToList(), null, ct).ConfigureAwait(false);
            var lifted = lifts.Where((l, i) => liveResults[i].IsSuccess).ToList();
            if (lifted.Count == 0) return unnamed;
            _logger.LogInformation("{Count} document(s) {Second} had deleted at a later version than {Live} gave them now were lifted past the delete in both indexes.", lifted.Count, Second, Live);
            var secondOps = lifted.Select(l => BulkOperation.VersionedIndex(Second!, l.Doc.Id, l.Version, w => WriteBody(w, l.Doc, secondVectors[l.Doc.Id], _secondBase64), Routing.RoutingOf(l.Doc.Routing))).ToList();
            // A lift that loses again lost to a document written since: that one is newer.
            var lostAgain = await WriteSecondAsync(secondOps, summary, failures, ct).ConfigureAwait(false);
            return unnamed + lifted.Count - lostAgain.Count;
        }

        private sealed class SecondUnreachableException : Exception
        {
            public SecondUnreachableException(string reason) : base(reason)
            {
            }
        }

        private async Task<Dictionary<string, ReadOnlyMemory<float>>> VectorsAsync(IReadOnlyList<VectorDocument> documents,
            IEmbeddingGenerator<string, Embedding<float>>? model, string index, List<DocumentFailure> failures, CancellationToken ct)
        {
            var vectors = new Dictionary<string, ReadOnlyMemory<float>>(documents.Count);
            var toEmbed = new List<(string Id, string Text)>();
            foreach (var d in documents)
            {
                if (model == null || d.Text == null)
                {
                    if (d.Vector != null && VectorValues.FirstNonFinite(d.Vector) is var bad && bad >= 0)
                        failures.Add(new DocumentFailure(index, d.Id, MigrationErrorCodes.VectorNotFinite, string.Format(CultureInfo.InvariantCulture,
                            "Document '{0}': its vector holds {1} at position {2}; a dense_vector takes finite values only (a value beyond the float range becomes infinity). Nothing was written for it.",
                            d.Id, d.Vector[bad], bad)));
                    else if (d.Vector != null) vectors[d.Id] = d.Vector;
                    else failures.Add(new DocumentFailure(index, d.Id, MigrationErrorCodes.EmbedderRequired,
                        $"Document '{d.Id}' has text but no vector, and no model is known for {index} (none given, none recorded in _meta.{IndexModel.MetaKey})."));
                }
                else toEmbed.Add((d.Id, d.Text));
            }
            if (toEmbed.Count > 0)
            {
                var result = await EmbeddingBatcher.EmbedAsync(model!, toEmbed, null, ct).ConfigureAwait(false);
                foreach (var e in result.Embedded) vectors[e.Id] = e.Vector;
                foreach (var f in result.Failures) failures.Add(DocumentFailure.FromEmbedding(index, f));
            }
            return vectors;
        }

        private void WriteBody(Utf8JsonWriter w, VectorDocument doc, ReadOnlyMemory<float> vector, bool base64)
        {
            w.WriteStartObject();
            if (doc.Metadata != null)
                foreach (var p in doc.Metadata)
                {
                    if (p.Key == VectorField || p.Key == TextField) continue;
                    w.WritePropertyName(p.Key);
                    if (p.Value == null) w.WriteNullValue();
                    else p.Value.WriteTo(w);
                }
            if (doc.Text != null) w.WriteString(TextField, doc.Text);
            w.WritePropertyName(VectorField);
            SourceFields.WriteVector(w, vector.Span, base64);
            w.WriteEndObject();
        }
    }
}
