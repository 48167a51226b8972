using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Cluster;
using VectorReindex.LocalNode.Durability;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Documents;

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

    /// <summary>The index a write goes to; creates a missing index unless require_alias forbids it.</summary>
    public LocalIndex ResolveForWrite(string name, bool requireAlias, bool autoCreate = true)
    {
        name = DateMathName.Resolve(name, DateTimeOffset.UtcNow);
        if (requireAlias && !_cluster.IsAlias(name))
            throw Errors.IndexNotFound(name, $"no such index [{name}] and [require_alias] request flag is [true] and [{name}] is not an alias");
        var index = _cluster.ResolveWriteIndex(name, out _);
        if (index != null)
            return index;
        if (!autoCreate)
            throw Errors.IndexNotFound(name);
        try
        {
            return _cluster.CreateIndex(name, null);
        }
        catch (ElasticsearchException ex) when (ex.Type == "resource_already_exists_exception")
        {
            return _cluster.ResolveWriteIndex(name, out _)!;
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

    /// <summary>Parses a source against the mapping, first applying any dynamic mapping update it needs.</summary>
    public ParsedDocument Prepare(LocalIndex index, ReadOnlyMemory<byte> source, string id)
    {
        var parsed = DocumentParser.Parse(index.Mapping, source, id, index.Store.VectorArena, _cluster.Profile.AcceptsBase64DocumentVectors);
        var update = parsed.DynamicProperties;
        var dimsUpdate = DimsToSet(index.Mapping, parsed);
        if (update == null && dimsUpdate == null)
            return parsed;
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
        return DocumentParser.Parse(index.Mapping, source, id, index.Store.VectorArena, _cluster.Profile.AcceptsBase64DocumentVectors);
    }

    /// <summary>
    /// Parses a source ahead of its turn (a bulk parses its documents in parallel, then applies them in
    /// order): the result, with the mapping it was checked against, or null when the document needs a
    /// mapping update or fails — those go through <see cref="Prepare"/> at their turn, unchanged.
    /// </summary>
    public static PreparedDocument? TryPrepareAhead(LocalIndex index, ReadOnlyMemory<byte> source, string id)
    {
        var mapping = index.Mapping;
        try
        {
            // Base64 vectors (9.3+) are left to Prepare, which knows the presented version.
            var parsed = DocumentParser.Parse(mapping, source, id, index.Store.VectorArena);
            if (parsed.DynamicProperties != null || DimsToSet(mapping, parsed) != null)
                return null;
            return new PreparedDocument(parsed, mapping);
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

    /// <summary>Applies an index or delete; the log record is appended in seq_no order under the store lock.</summary>
    public WriteResult Write(LocalIndex index, WriteOperation op)
    {
        var log = _log();
        var result = index.Store.Apply(op, index.Name, index.Uuid, log == null ? null : doc => log.AppendDocument(index.Name, index.Uuid, doc));
        IndexingCounters.For(index.Store).Record(op.IsDelete);
        return result;
    }

    /// <summary>Waits until the writes are durable (fsync) and, per the refresh policy, visible to search.</summary>
    public async Task<bool> CompleteAsync(IReadOnlyCollection<(LocalIndex Index, WriteResult Result)> writes, RefreshPolicy refresh)
    {
        var log = _log();
        if (log != null && writes.Count > 0)
            await log.SyncAsync(writes.Max(w => w.Result.WalTicket)).ConfigureAwait(false);
        if (refresh == RefreshPolicy.Immediate)
        {
            foreach (var index in writes.Select(w => w.Index).Distinct())
                index.Store.Refresh();
            return writes.Count > 0;
        }
        if (refresh == RefreshPolicy.WaitFor)
            foreach (var group in writes.GroupBy(w => w.Index))
                await group.Key.Store.WaitForRefreshAsync(group.Max(w => w.Result.Document.SeqNo)).ConfigureAwait(false);
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
        var current = index.Store.Get(id);
        if (current == null)
        {
            var upsert = request.DocAsUpsert ? request.Doc : request.Upsert;
            if (upsert == null)
                throw new ElasticsearchException(404, "document_missing_exception", $"[{id}]: document missing").WithShard(index.Name, index.Uuid);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(upsert);
            var parsed = Prepare(index, bytes, id);
            var created = Write(index, new WriteOperation(id, parsed, Version: Versions.MatchDeleted, Routing: routing));
            return new UpdateOutcome(created, created.Document, "created");
        }
        if (ifSeqNo != WriteOperation.UnassignedSeqNo && (current.SeqNo != ifSeqNo || current.PrimaryTerm != ifPrimaryTerm))
            throw VersionConflict.Create(index.Name, index.Uuid, id, VersionConflict.SeqNoExplanation(ifSeqNo, ifPrimaryTerm, current));
        var (merged, changed) = request.Doc != null ? SourceMerge.Apply(current.Source, request.Doc) : (current.Source, false);
        if (!changed && request.DetectNoop)
            return new UpdateOutcome(null, current, "noop");
        var document = Prepare(index, merged, id);
        var result = Write(index, new WriteOperation(id, document, IfSeqNo: current.SeqNo, IfPrimaryTerm: current.PrimaryTerm, Routing: routing ?? current.Routing));
        return new UpdateOutcome(result, result.Document, "updated");
    }
}

/// <summary>A document parsed ahead of its turn and the mapping it was checked against.</summary>
internal sealed record PreparedDocument(ParsedDocument Document, IndexMapping Mapping);

/// <summary>What an update did: the write (none for a no-op), the resulting document and the result name.</summary>
internal readonly record struct UpdateOutcome(WriteResult? Write, StoredDocument Document, string Result);
