using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Durability;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Engine;

/// <summary>
/// The write paths shared by the single-document APIs and _bulk: target resolution (aliases, auto-create),
/// parsing with dynamic mapping, versioned apply with the log record, update, and the durability/refresh
/// wait before acknowledging.
/// </summary>
internal sealed class DocumentService
{
    public const int MaxIdBytes = 512;

    private readonly LocalCluster _cluster;
    private readonly Func<WriteAheadLog?> _log;

    public DocumentService(LocalCluster cluster, Func<WriteAheadLog?> log)
    {
        _cluster = cluster;
        _log = log;
    }

    /// <summary>
    /// The index a write goes to and the routing it is written with (a write alias's index_routing
    /// replaces a missing one); creates a missing index unless require_alias forbids it.
    /// </summary>
    public DocumentTarget ResolveForWrite(string name, bool requireAlias, string? routing, bool autoCreate = true)
    {
        name = DateMathName.Resolve(name, DateTimeOffset.UtcNow);
        if (requireAlias && !_cluster.IsAlias(name))
            throw Errors.IndexNotFound(name, $"no such index [{name}] and [require_alias] request flag is [true] and [{name}] is not an alias");
        var index = _cluster.ResolveWriteIndex(name, out var alias);
        if (index != null)
        {
            index.EnsureOpen();
            index.EnsureWritable();
            return new DocumentTarget(index, AliasRouting.ForDocument(name, alias, routing));
        }
        if (!autoCreate)
            throw Errors.IndexNotFound(name);
        try
        {
            return new DocumentTarget(_cluster.CreateIndex(name, null), routing);
        }
        catch (ElasticsearchException ex) when (ex.Type == "resource_already_exists_exception")
        {
            index = _cluster.ResolveWriteIndex(name, out alias)!;
            index.EnsureWritable();
            return new DocumentTarget(index, AliasRouting.ForDocument(name, alias, routing));
        }
    }

    public static void ValidateId(string? id)
    {
        if (id == null)
            return;
        if (id.Length == 0)
            throw Errors.IllegalArgument("if _id is specified it must not be empty");
        var bytes = System.Text.Encoding.UTF8.GetByteCount(id);
        if (bytes > MaxIdBytes)
            throw Errors.ActionValidation($"id [{id}] is too long, must be no longer than 512 bytes but was: {bytes}");
    }

    /// <summary>Elasticsearch's auto-generated ids: 20 URL-safe base64 characters, time-ordered.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[15];
        var ticks = DateTime.UtcNow.Ticks;
        for (var i = 0; i < 6; i++)
            bytes[i] = (byte)(ticks >> (8 * (7 - i)));
        Random.Shared.NextBytes(bytes[6..]);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// Parses a source against the mapping, first applying any dynamic mapping update it needs. The
    /// routing picks the shard whose arena holds the vectors (and refuses a missing required routing
    /// before the document is parsed, as Elasticsearch routes before it parses).
    /// </summary>
    public ParsedDocument Prepare(LocalIndex index, ReadOnlyMemory<byte> source, string id, string? routing)
    {
        var arena = index.ShardFor(id, routing).VectorArena;
        var parsed = DocumentParser.Parse(index.Mapping, source, id, arena, _cluster.Profile.AcceptsBase64DocumentVectors);
        var update = parsed.DynamicProperties;
        var dimsUpdate = DimsToSet(index.Mapping, parsed);
        if (update == null && dimsUpdate == null)
            return AsStored(index, parsed);
        lock (_cluster.MetadataLock)
        {
            var mapping = index.Mapping;
            if (update != null)
                mapping = mapping.Merge(new JsonObject { ["properties"] = update["properties"]!.DeepClone() }, _cluster.Profile);
            if (dimsUpdate != null)
                mapping = mapping.Merge(new JsonObject { ["properties"] = dimsUpdate }, _cluster.Profile);
            index.Mapping = mapping;
            _cluster.Publish((System.Collections.Immutable.ImmutableSortedDictionary<string, LocalIndex>)_cluster.Indices);
        }
        return AsStored(index, DocumentParser.Parse(index.Mapping, source, id, arena, _cluster.Profile.AcceptsBase64DocumentVectors));
    }

    /// <summary>
    /// The document as the index stores it: in an index that leaves vectors out of _source, the float vectors
    /// stripped from the source (bfloat16 ones rounded where they cannot be stripped); otherwise as sent.
    /// </summary>
    private static ParsedDocument AsStored(LocalIndex index, ParsedDocument parsed)
    {
        if (!index.Settings.ExcludesSourceVectors || parsed.Vectors == null)
            return parsed;
        return ExcludedSourceVectors.Strip(parsed.Source.Span, parsed.Vectors) is { } stripped
            ? new ParsedDocument(stripped, parsed.Vectors, parsed.DynamicProperties, vectorsStripped: true)
            : BFloat16Source.WithStoredValues(parsed, index.Mapping);
    }

    /// <summary>
    /// Parses a source ahead of its turn (a bulk parses its documents in parallel, then applies them in
    /// order): the result, with the mapping it was checked against, or null when the document needs a
    /// mapping update or fails — those go through <see cref="Prepare"/> at their turn, unchanged.
    /// </summary>
    /// <param name="base64Vectors">The presented version takes base64 vectors in documents (9.3+).</param>
    public static PreparedDocument? TryPrepareAhead(LocalIndex index, ReadOnlyMemory<byte> source, string id, string? routing, bool base64Vectors)
    {
        var mapping = index.Mapping;
        try
        {
            var parsed = DocumentParser.Parse(mapping, source, id, index.ShardFor(id, routing).VectorArena, base64Vectors);
            if (parsed.DynamicProperties != null || DimsToSet(mapping, parsed) != null)
                return null;
            return new PreparedDocument(AsStored(index, parsed), mapping);
        }
        catch (ElasticsearchException)
        {
            return null;
        }
    }

    private static JsonObject? DimsToSet(IndexMapping mapping, ParsedDocument parsed)
    {
        if (parsed.Vectors == null)
            return null;
        JsonObject? update = null;
        foreach (var (path, vector) in parsed.Vectors)
        {
            if (!mapping.Fields.TryGetValue(path, out var field) || field.Vector is not { Dims: 0 } options)
                continue;
            var definition = FindDefinition(mapping.Source, path)?.DeepClone() as JsonObject;
            if (definition == null)
                continue;
            definition["dims"] = options.ElementType == VectorElementType.Bit ? vector.Length * 8 : vector.Length;
            update ??= new JsonObject();
            update[path] = definition;
        }
        return update;
    }

    private static JsonNode? FindDefinition(JsonObject mapping, string path)
    {
        JsonNode? node = mapping;
        foreach (var part in path.Split('.'))
            node = node?["properties"]?[part];
        return node;
    }

    /// <summary>
    /// Applies an index or delete on the shard its id and routing select; the log record is appended
    /// in the shard's seq_no order under the shard's lock.
    /// </summary>
    public WriteResult Write(LocalIndex index, WriteOperation op)
    {
        var log = _log();
        var shard = index.ShardFor(op.Id, op.Routing);
        var result = shard.Apply(op, index.Name, index.Uuid, log == null ? null : doc => log.AppendDocument(index.Name, index.Uuid, shard.ShardId, doc));
        IndexingCounters.For(shard).Record(op.IsDelete);
        return result;
    }

    /// <summary>Waits until the writes are durable (fsync) and, per the refresh policy, visible to search.</summary>
    public async Task<bool> CompleteAsync(IReadOnlyCollection<(LocalIndex Index, WriteResult Result)> writes, RefreshPolicy refresh)
    {
        var log = _log();
        if (log != null && writes.Count > 0)
            await log.SyncAsync(writes.Max(w => w.Result.WalTicket)).ConfigureAwait(false);
        // As in Elasticsearch, refresh=true and wait_for concern the shards the writes went to, not the whole index.
        if (refresh == RefreshPolicy.Immediate)
        {
            foreach (var (index, shard) in writes.Select(w => (w.Index, w.Result.Shard)).Distinct())
                index.Shards[shard].Refresh();
            return writes.Count > 0;
        }
        if (refresh == RefreshPolicy.WaitFor)
            foreach (var group in writes.GroupBy(w => (w.Index, w.Result.Shard)))
                await group.Key.Index.Shards[group.Key.Shard].WaitForRefreshAsync(group.Max(w => w.Result.Document.SeqNo)).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Partial update with Elasticsearch's semantics: read real-time, merge, detect a no-op, write with
    /// the read's seq_no (retrying on a concurrent change up to retry_on_conflict times).
    /// </summary>
    public UpdateOutcome Update(LocalIndex index, string id, UpdateRequest request, long ifSeqNo, long ifPrimaryTerm, int retryOnConflict, string? routing)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return UpdateOnce(index, id, request, ifSeqNo, ifPrimaryTerm, routing);
            }
            catch (ElasticsearchException ex) when (ex.Type == "version_conflict_engine_exception" && ifSeqNo == WriteOperation.UnassignedSeqNo && attempt < retryOnConflict)
            {
            }
        }
    }

    private UpdateOutcome UpdateOnce(LocalIndex index, string id, UpdateRequest request, long ifSeqNo, long ifPrimaryTerm, string? routing)
    {
        var shard = index.ShardFor(id, routing);
        var current = shard.Get(id);
        if (current == null)
        {
            var upsert = request.DocAsUpsert ? request.Doc : request.Upsert;
            if (upsert == null)
                throw new ElasticsearchException(404, "document_missing_exception", $"[{id}]: document missing").WithShard(index.Name, index.Uuid, shard.ShardId);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(upsert);
            var parsed = Prepare(index, bytes, id, routing);
            var created = Write(index, new WriteOperation(id, parsed, Version: Versions.MatchDeleted, Routing: routing));
            return new UpdateOutcome(created, created.Document, "created");
        }
        if (ifSeqNo != WriteOperation.UnassignedSeqNo && (current.SeqNo != ifSeqNo || current.PrimaryTerm != ifPrimaryTerm))
            throw VersionConflict.Create(index.Name, index.Uuid, shard.ShardId, id, VersionConflict.SeqNoExplanation(ifSeqNo, ifPrimaryTerm, current));
        var (merged, changed) = request.Doc != null ? SourceMerge.Apply(current.FullSource(), request.Doc) : (current.FullSource(), false);
        if (!changed && request.DetectNoop)
            return new UpdateOutcome(null, current, "noop");
        var document = Prepare(index, merged, id, routing);
        // As UpdateHelper.calculateRouting: the stored document keeps its routing (it was found on this shard).
        var result = Write(index, new WriteOperation(id, document, IfSeqNo: current.SeqNo, IfPrimaryTerm: current.PrimaryTerm, Routing: routing ?? current.Routing));
        return new UpdateOutcome(result, result.Document, "updated");
    }
}

/// <summary>The index a single-document operation resolved to and the routing it uses.</summary>
internal readonly record struct DocumentTarget(LocalIndex Index, string? Routing);

/// <summary>A document parsed ahead of its turn and the mapping it was checked against.</summary>
internal sealed record PreparedDocument(ParsedDocument Document, IndexMapping Mapping);

/// <summary>What an update did: the write (none for a no-op), the resulting document and the result name.</summary>
internal readonly record struct UpdateOutcome(WriteResult? Write, StoredDocument Document, string Result);
