using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Documents;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Metadata
{
    /// <summary>
    /// The metadata-only update: partial documents through _bulk, never touching the vector, never
    /// re-embedding. During a migration the target gets the same change, but only where it is in
    /// step with the source (its version is the source's version before the update), guarded by
    /// if_seq_no so nothing can slip in between; the update then gives both the same new version.
    /// Documents the target does not have in step are left to Sync-Delta, which sees the version gap.
    /// </summary>
    public sealed class MetadataUpdater
    {
        private readonly ElasticsearchCluster _transport;
        private readonly ElasticsearchCluster _secondTransport;
        private readonly ILogger _logger;
        private readonly JsonObject? _set;
        private readonly IReadOnlyList<string> _remove;
        private readonly bool _includeVectors;
        private readonly bool _secondIncludeVectors;
        private readonly string? _secondUnreachable;
        private readonly WriteRouting? _routing;

        /// <param name="second">The index kept in step with <paramref name="index"/> (WriteRouting.Second), or null.</param>
        /// <param name="vectorFields">The dense_vector fields of every index the update reaches (<see cref="VectorFieldGuard"/>).</param>
        /// <param name="secondTransport">The cluster <paramref name="second"/> lives on, when not <paramref name="transport"/>'s.</param>
        /// <param name="secondUnreachable">Why <paramref name="secondTransport"/> could not be asked for the migration's record (WriteRouting.SecondUnreachable), or null.</param>
        /// <param name="routing">The alias routing <paramref name="index"/> was resolved from (its index_routing goes with every write), or null for a concrete index.</param>
        public MetadataUpdater(ElasticsearchCluster transport, ILogger logger, string index, JsonObject? set, IReadOnlyList<string>? remove,
            VectorMigration? migration, string? second, bool includeVectors, IReadOnlyCollection<string>? vectorFields = null,
            ElasticsearchCluster? secondTransport = null, string? secondUnreachable = null, WriteRouting? routing = null)
        {
            if ((set == null || set.Count == 0) && (remove == null || remove.Count == 0))
                throw new VectorMigrationException(MigrationErrorCodes.NothingToUpdate, MigrationErrorKind.InvalidArgument,
                    "The update names no field to set and none to remove: there is nothing to update.");
            var protectedFields = new HashSet<string>(vectorFields ?? Array.Empty<string>(), StringComparer.Ordinal);
            if (migration != null) protectedFields.Add(migration.VectorField);
            VectorFieldGuard.Check(index, protectedFields, set, remove);
            _transport = transport;
            _secondTransport = secondTransport ?? transport;
            _logger = logger;
            _set = set;
            _remove = remove ?? Array.Empty<string>();
            _includeVectors = includeVectors;
            _secondIncludeVectors = secondTransport?.Capabilities.MustAskForVectors ?? includeVectors;
            _secondUnreachable = secondUnreachable;
            _routing = routing;
            Second = second;
            Summary = new MetadataUpdateSummary { Index = index, Target = second };
        }

        /// <summary>
        /// An updater for <paramref name="index"/> on <paramref name="known"/>, the cluster the writer was
        /// given; when it is an alias, the update goes to the concrete index the alias resolved to (with
        /// the alias's index_routing), not through the alias, so a cutover or rollback swapping the alias
        /// meanwhile cannot send it to the other index; and it also goes where every safe write goes
        /// (<see cref="WriteRouting"/>): a migration's target, or the old index after cutover. A migration
        /// to or from another cluster is followed there (its connection found in <paramref name="clusters"/>),
        /// the cluster the record names as first written getting the update first.
        /// </summary>
        public static async Task<MetadataUpdater> CreateAsync(ClusterConnection known, IClusterResolver? clusters, ILogger logger, string index,
            JsonObject? set, IReadOnlyList<string>? remove, CancellationToken ct)
        {
            WriteRouting? routing = null;
            if ((await new IndicesApi(known.Cluster).GetAliasAsync(index, ct).ConfigureAwait(false)).Count > 0)
                routing = await WriteRouting.ResolveAsync(known, index, clusters, ct).ConfigureAwait(false);
            if (routing?.Second != null) logger.LogInformation("Updates to {Index} also go to {Second}.", routing.Alias, routing.Second);
            var live = routing?.LiveConnection.Cluster ?? known.Cluster;
            var second = routing?.SecondConnection?.Cluster;
            var vectorFields = new HashSet<string>(StringComparer.Ordinal);
            var updated = routing?.Live ?? index;
            foreach (var m in (await new IndicesApi(live).GetMappingsAsync(updated, ct).ConfigureAwait(false)).Values) vectorFields.UnionWith(MappingFields.OfType(m, MappingFields.VectorTypes));
            if (routing?.SecondMappings != null) vectorFields.UnionWith(MappingFields.OfType(routing.SecondMappings, MappingFields.VectorTypes));
            return new MetadataUpdater(live, logger, updated, set, remove, routing?.Migration, routing?.Second,
                live.Capabilities.MustAskForVectors, vectorFields, second, routing?.SecondUnreachable, routing);
        }

        /// <summary>The cluster updated first (where a query's matches are read).</summary>
        internal ElasticsearchCluster LiveCluster => _transport;

        /// <summary>Where a query's matches are read: through the alias, so its filter and search routing apply.</summary>
        internal string QueryIndex => _routing?.Alias ?? Summary.Index;

        /// <summary>The index that gets the same update (a migration's target, or the old index after cutover).</summary>
        public string? Second { get; }

        public MetadataUpdateSummary Summary { get; }

        /// <summary>Applies the update to one batch of ids; returns the per-document failures.</summary>
        public Task<IReadOnlyList<DocumentFailure>> ApplyAsync(IReadOnlyList<string> ids, CancellationToken ct) =>
            ApplyAsync(ids.Select(id => new DocumentKey(id)).ToList(), ct);

        /// <summary>Applies the update to one batch of documents, each read and written with its routing (in both indexes).</summary>
        public Task<IReadOnlyList<DocumentFailure>> ApplyAsync(IReadOnlyList<DocumentKey> keys, CancellationToken ct) =>
            _remove.Count == 0 ? ApplyPartialAsync(keys, ct) : ApplyRewriteAsync(keys, ct);

        private async Task<IReadOnlyList<DocumentFailure>> ApplyPartialAsync(IReadOnlyList<DocumentKey> keys, CancellationToken ct)
        {
            var failures = new List<DocumentFailure>();
            keys = Routed(keys, failures);
            var ops = keys.Select(k => new BulkOperation(BulkAction.Update, Summary.Index, k.Id, w => WriteUpdate(w, detectNoop: true)) { Routing = k.Routing }).ToList();
            var results = await new BulkApi(_transport).SendAsync(ops, null, ct).ConfigureAwait(false);
            var changed = new Dictionary<DocumentKey, long>();
            for (var i = 0; i < results.Count; i++) Count(results[i], keys[i], failures, changed);
            if (Second != null && changed.Count > 0)
                await FollowOnTargetAsync(changed, failures, ct, (key, target) =>
                    new BulkOperation(BulkAction.Update, Second, key.Id, w => WriteUpdate(w, detectNoop: false))
                    { IfSeqNo = target.SeqNo, IfPrimaryTerm = target.PrimaryTerm, Routing = key.Routing }, withSource: false).ConfigureAwait(false);
            return failures;
        }

        /// <summary>Removing a field needs the whole document rewritten (a partial update cannot delete), vector included as stored.</summary>
        private async Task<IReadOnlyList<DocumentFailure>> ApplyRewriteAsync(IReadOnlyList<DocumentKey> keys, CancellationToken ct)
        {
            var failures = new List<DocumentFailure>();
            keys = Routed(keys, failures);
            var current = await new DocumentsApi(_transport).MultiGetAsync(Summary.Index, keys, withSource: true, _includeVectors, ct).ConfigureAwait(false);
            var ops = new List<BulkOperation>();
            var written = new List<DocumentKey>();
            for (var i = 0; i < current.Count; i++)
            {
                var doc = current[i];
                if (!doc.Found)
                {
                    Summary.Missing++;
                    failures.Add(new DocumentFailure(Summary.Index, doc.Id, MigrationErrorCodes.DocumentNotFound, $"Document '{doc.Id}' does not exist in {Summary.Index}.", 404));
                    continue;
                }
                var rewritten = Rewrite(doc.Source!);
                ops.Add(new BulkOperation(BulkAction.Index, doc.Index, doc.Id, w => rewritten.WriteTo(w)) { IfSeqNo = doc.SeqNo, IfPrimaryTerm = doc.PrimaryTerm, Routing = keys[i].Routing });
                written.Add(keys[i]);
            }
            var results = await new BulkApi(_transport).SendAsync(ops, null, ct).ConfigureAwait(false);
            var changed = new Dictionary<DocumentKey, long>();
            for (var i = 0; i < results.Count; i++) Count(results[i], written[i], failures, changed);
            if (Second != null && changed.Count > 0)
                await FollowOnTargetAsync(changed, failures, ct, (key, target) =>
                {
                    var rewritten = Rewrite(target.Source!);
                    return new BulkOperation(BulkAction.Index, Second, key.Id, w => rewritten.WriteTo(w)) { IfSeqNo = target.SeqNo, IfPrimaryTerm = target.PrimaryTerm, Routing = key.Routing };
                }, withSource: true).ConfigureAwait(false);
            return failures;
        }

        /// <summary>
        /// The keys with the routing a write through the alias gives them (its index_routing); a key whose
        /// own routing the alias would refuse is reported and left out, as Elasticsearch refuses it.
        /// </summary>
        private IReadOnlyList<DocumentKey> Routed(IReadOnlyList<DocumentKey> keys, List<DocumentFailure> failures)
        {
            if (_routing?.LiveIndexRouting == null) return keys;
            var routed = new List<DocumentKey>(keys.Count);
            foreach (var k in keys)
            {
                if (_routing.RoutingConflict(k.Id, k.Routing) is { } why)
                {
                    Summary.Failed++;
                    failures.Add(new DocumentFailure(_routing.Alias, k.Id, MigrationErrorCodes.DocumentUpdateFailed, why, 400));
                }
                else routed.Add(new DocumentKey(k.Id, _routing.RoutingOf(k.Routing)));
            }
            return routed;
        }

        private JsonObject Rewrite(JsonObject source)
        {
            var copy = (JsonObject)source.DeepClone();
            foreach (var field in _remove) RemovePath(copy, field);
            if (_set != null) ShadowIndexPlanner.DeepMerge(copy, _set);
            return copy;
        }

        private static void RemovePath(JsonObject doc, string path)
        {
            if (doc.Remove(path)) return;
            var dot = path.IndexOf('.');
            if (dot > 0 && doc[path.Substring(0, dot)] is JsonObject inner) RemovePath(inner, path.Substring(dot + 1));
        }

        private void Count(BulkItemResult r, DocumentKey key, List<DocumentFailure> failures, Dictionary<DocumentKey, long> changed)
        {
            if (r.IsSuccess && r.Result == "noop")
            {
                Summary.Noop++;
            }
            else if (r.IsSuccess)
            {
                Summary.Updated++;
                changed[key] = r.Version ?? 0;
            }
            else if (r.Status == 404)
            {
                Summary.Missing++;
                failures.Add(new DocumentFailure(Summary.Index, r.Id, MigrationErrorCodes.DocumentNotFound, $"Document '{r.Id}' does not exist in {Summary.Index}.", 404));
            }
            else
            {
                Summary.Failed++;
                var advice = r.IsVersionConflict ? " It changed while being updated; run the update again for it." : "";
                failures.Add(new DocumentFailure(Summary.Index, r.Id, MigrationErrorCodes.DocumentUpdateFailed,
                    $"Updating document '{r.Id}' in {Summary.Index} failed with HTTP {r.Status} ({r.ErrorType}: {r.ErrorReason}).{advice}", r.Status));
            }
        }

        private async Task FollowOnTargetAsync(Dictionary<DocumentKey, long> changed, List<DocumentFailure> failures, CancellationToken ct,
            Func<DocumentKey, StoredDocument, BulkOperation> build, bool withSource)
        {
            var keys = changed.Keys.ToList();
            if (_secondUnreachable != null)
            {
                Missed(keys, failures, _secondUnreachable);
                return;
            }
            try
            {
                var targets = await new DocumentsApi(_secondTransport).MultiGetAsync(Second!, keys, withSource, _secondIncludeVectors, ct).ConfigureAwait(false);
                var ops = new List<BulkOperation>();
                for (var i = 0; i < targets.Count; i++)
                {
                    var t = targets[i];
                    if (t.Found && t.Version == changed[keys[i]] - 1) ops.Add(build(keys[i], t));
                    else Summary.TargetDeferred++;
                }
                var results = await new BulkApi(_secondTransport).SendAsync(ops, null, ct).ConfigureAwait(false);
                foreach (var r in results)
                {
                    if (r.IsSuccess) Summary.TargetUpdated++;
                    else Summary.TargetDeferred++;
                }
            }
            catch (ElasticsearchException ex) when (!ct.IsCancellationRequested)
            {
                Missed(keys, failures, ex.Message);
            }
            _logger.LogDebug("Second index {Second}: {Updated} updated in step, {Deferred} left to the next delta pass so far.", Second, Summary.TargetUpdated, Summary.TargetDeferred);
        }

        /// <summary>The second index's cluster cannot be reached: the update stands where it was made, and the delta brings it over.</summary>
        private void Missed(IReadOnlyList<DocumentKey> keys, List<DocumentFailure> failures, string reason)
        {
            Summary.TargetDeferred += keys.Count;
            _logger.LogWarning("The updates of {Count} document(s) did not reach {Second} ({Reason}); the next delta pass brings them over.", keys.Count, Second, reason);
            foreach (var key in keys)
                failures.Add(new DocumentFailure(Second!, key.Id, MigrationErrorCodes.SecondWriteMissed,
                    $"Document '{key.Id}' was updated in {Summary.Index} but not in {Second} ({reason}); the next delta pass brings it over."));
        }

        private void WriteUpdate(Utf8JsonWriter w, bool detectNoop)
        {
            w.WriteStartObject();
            w.WritePropertyName("doc");
            _set!.WriteTo(w);
            w.WriteBoolean("detect_noop", detectNoop);
            w.WriteEndObject();
        }
    }
}
