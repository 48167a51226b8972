namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// One primary shard of an index: the real-time map of current versions (tombstones included), the
/// sequence number counter, and the search snapshot published at each refresh.
/// Writes are serialized by one lock; reads of the map take the same lock, snapshot reads take none.
/// </summary>
internal sealed class DocumentStore
{
    private readonly object _lock = new();
    private readonly DocumentsById _documents = new();
    private readonly List<(long SeqNo, TaskCompletionSource Waiter)> _refreshWaiters = new();
    private volatile SearchSnapshot _snapshot = SearchSnapshot.Empty;
    private long _nextSeqNo;
    private long _liveCount;
    private long _tombstoneCount;
    private ChunkArena<byte> _sources = new();
    private volatile ChunkArena<float> _floats = new();
    private long _liveSourceBytes;
    private long _liveFloats;
    private long _lastRefreshMillis = Environment.TickCount64;

    // What changed since the last refresh, so the next one adds a segment of the new versions and masks
    // the replaced ones instead of listing every document again; a full rebuild when documents moved
    // (arena compaction) or came back out of seq_no order (recovery).
    private List<StoredDocument> _pending = new();
    private List<long> _superseded = new();
    private bool _rebuild;

    public DocumentStore(int shardId, long primaryTerm = 1)
    {
        ShardId = shardId;
        PrimaryTerm = primaryTerm;
    }

    /// <summary>
    /// Most segments a snapshot keeps; past this a refresh merges the smallest neighbours (Lucene's merge
    /// policy in miniature), so queries visit few segments and each document is re-indexed a few times at most.
    /// </summary>
    public const int MaxSegments = 10;

    /// <summary>
    /// Builds what search needs of a new segment (its per-field indexes) before a refresh publishes it, so
    /// no query pays for that. Runs inside the refresh, once per new or merged segment.
    /// </summary>
    public Action<SnapshotSegment>? SegmentCreated { get; init; }

    /// <summary>This shard's number within its index.</summary>
    public int ShardId { get; }

    public long PrimaryTerm { get; }

    /// <summary>How long tombstones decide external-version conflicts (index.gc_deletes).</summary>
    public TimeSpan GcDeletes { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Clock for tombstone expiry (Unix ms); tests replace it.</summary>
    public Func<long> Clock { get; set; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public SearchSnapshot Snapshot => _snapshot;
    public long LiveCount => Interlocked.Read(ref _liveCount);
    public long TombstoneCount => Interlocked.Read(ref _tombstoneCount);
    public long MaxSeqNo => Interlocked.Read(ref _nextSeqNo) - 1;
    public bool HasUnrefreshedChanges => MaxSeqNo > _snapshot.MaxSeqNo;
    public long LastRefreshMillis => Interlocked.Read(ref _lastRefreshMillis);

    /// <summary>Where documents parsed for this shard put their float vectors (the parser fills it directly).</summary>
    public ChunkArena<float> VectorArena => _floats;

    /// <summary>Bytes the current source arena holds, live and dead (for tests and diagnostics).</summary>
    public long SourceBytesReserved
    {
        get { lock (_lock) return _sources.Reserved; }
    }

    /// <summary>The current version of a document (real-time), or null when missing or deleted.</summary>
    public StoredDocument? Get(string id)
    {
        lock (_lock)
            return _documents.TryGetValue(id, out var doc) && !doc.IsDeleted ? doc : null;
    }

    /// <summary>
    /// Plans and applies a write as Elasticsearch's primary does: seq_no and version checks against the
    /// current version (a live tombstone counts), then the new version and seq_no.
    /// <paramref name="onApplied"/> runs inside the lock so the log sees writes in seq_no order.
    /// </summary>
    public WriteResult Apply(WriteOperation op, string index, string uuid, Func<StoredDocument, long>? onApplied)
    {
        lock (_lock)
        {
            var current = CurrentIncludingTombstone(op.Id);
            var currentVersion = current?.Version ?? Versions.NotFound;
            var notFoundOrDeleted = current == null || current.IsDeleted;
            if (op.IfSeqNo != WriteOperation.UnassignedSeqNo)
            {
                if (notFoundOrDeleted || current!.SeqNo != op.IfSeqNo || current.PrimaryTerm != op.IfPrimaryTerm)
                    throw VersionConflict.Create(index, uuid, ShardId, op.Id, VersionConflict.SeqNoExplanation(op.IfSeqNo, op.IfPrimaryTerm, current));
            }
            else if (Versions.IsConflictForWrites(op.VersionType, currentVersion, op.Version, notFoundOrDeleted))
            {
                throw VersionConflict.Create(index, uuid, ShardId, op.Id, Versions.ExplainConflictForWrites(op.VersionType, currentVersion, op.Version));
            }
            var version = Versions.UpdateVersion(op.VersionType, currentVersion, op.Version);
            var seqNo = _nextSeqNo;
            StoredDocument stored;
            string result;
            if (op.IsDelete)
            {
                stored = new StoredDocument(op.Id, version, seqNo, PrimaryTerm, null, null, op.Routing, Clock());
                result = notFoundOrDeleted ? "not_found" : "deleted";
            }
            else
            {
                stored = new StoredDocument(op.Id, version, seqNo, PrimaryTerm, _sources.Copy(op.Document!.Source.Span), op.Document.Vectors, op.Routing, vectorsStripped: op.Document.VectorsStripped);
                result = notFoundOrDeleted ? "created" : "updated";
            }
            Put(current, stored);
            if (_sources.NeedsCompaction(_liveSourceBytes) || _floats.NeedsCompaction(_liveFloats))
                CompactArenas();
            Interlocked.Increment(ref _nextSeqNo);
            var ticket = onApplied?.Invoke(stored) ?? 0;
            return new WriteResult(stored, result, ticket, ShardId);
        }
    }

    /// <summary>Puts a logged version back during recovery, trusting its version and seq_no.</summary>
    public void Restore(StoredDocument document)
    {
        lock (_lock)
        {
            _documents.TryGetValue(document.Id, out var current);
            Put(current, document);
            _rebuild = true;
            if (document.SeqNo >= _nextSeqNo)
                Interlocked.Exchange(ref _nextSeqNo, document.SeqNo + 1);
        }
    }

    /// <summary>Consumes a seq_no without a document change (a recovered no-op keeps numbering dense).</summary>
    public void AdvanceSeqNo(long seqNo)
    {
        lock (_lock)
            if (seqNo >= _nextSeqNo)
                Interlocked.Exchange(ref _nextSeqNo, seqNo + 1);
    }

    private StoredDocument? CurrentIncludingTombstone(string id)
    {
        if (!_documents.TryGetValue(id, out var current))
            return null;
        if (current.IsDeleted && Clock() - current.DeletedAtMillis > GcDeletes.TotalMilliseconds)
        {
            _documents.Remove(id);
            Interlocked.Decrement(ref _tombstoneCount);
            return null;
        }
        return current;
    }

    private void Put(StoredDocument? previous, StoredDocument next)
    {
        if (previous != null)
        {
            if (previous.IsDeleted) Interlocked.Decrement(ref _tombstoneCount);
            else Interlocked.Decrement(ref _liveCount);
            _liveSourceBytes -= previous.StoredSource.Length;
            _liveFloats -= FloatCount(previous);
        }
        if (next.IsDeleted) Interlocked.Increment(ref _tombstoneCount);
        else Interlocked.Increment(ref _liveCount);
        _liveSourceBytes += next.StoredSource.Length;
        _liveFloats += FloatCount(next);
        _documents.Set(next);
        if (_rebuild)
            return;
        if (previous is { IsDeleted: false })
            _superseded.Add(previous.SeqNo);
        if (!next.IsDeleted)
            _pending.Add(next);
    }

    /// <summary>
    /// Moves every live source and float vector into fresh arenas so chunks that hold mostly overwritten
    /// or deleted documents can be collected. Snapshots and readers keep the versions they hold (and
    /// their chunks) until they let go of them.
    /// </summary>
    private void CompactArenas()
    {
        var sources = new ChunkArena<byte>();
        var floats = new ChunkArena<float>();
        var moved = new List<StoredDocument>((int)Math.Max(0, _liveCount));
        foreach (var doc in _documents)
            if (!doc.IsDeleted)
                moved.Add(doc.Relocated(sources.Copy(doc.StoredSource.Span), CopyVectors(doc.Vectors, floats)));
        foreach (var doc in moved)
            _documents.Set(doc);
        _sources = sources;
        _floats = floats;
        _rebuild = true;
        _pending.Clear();
        _superseded.Clear();
    }

    private static IReadOnlyDictionary<string, StoredVector>? CopyVectors(IReadOnlyDictionary<string, StoredVector>? vectors, ChunkArena<float> arena)
    {
        if (vectors == null)
            return null;
        var copied = new Dictionary<string, StoredVector>(vectors.Count, StringComparer.Ordinal);
        foreach (var (path, vector) in vectors)
            copied[path] = vector.IsFloat ? new StoredVector(arena.Copy(vector.Floats.Span), vector.SentAsBase64) : vector;
        return copied;
    }

    private static long FloatCount(StoredDocument doc)
    {
        if (doc.Vectors == null)
            return 0;
        long count = 0;
        foreach (var vector in doc.Vectors.Values)
            if (vector.IsFloat)
                count += vector.Length;
        return count;
    }

    /// <summary>Publishes a new search snapshot with every write so far, and drops expired tombstones.</summary>
    public SearchSnapshot Refresh()
    {
        List<(long, TaskCompletionSource)> released;
        SearchSnapshot snapshot;
        lock (_lock)
        {
            var maxSeqNo = _nextSeqNo - 1;
            Interlocked.Exchange(ref _lastRefreshMillis, Environment.TickCount64);
            if (maxSeqNo == _snapshot.MaxSeqNo && _refreshWaiters.Count == 0)
                return _snapshot;
            if (_tombstoneCount > 0)
                DropExpiredTombstones();
            snapshot = new SearchSnapshot(_rebuild ? RebuiltSegments() : RefreshedSegments(), maxSeqNo, _snapshot);
            _pending = new List<StoredDocument>();
            _superseded = new List<long>();
            _rebuild = false;
            _snapshot = snapshot;
            released = _refreshWaiters.Where(w => w.SeqNo <= maxSeqNo).ToList();
            _refreshWaiters.RemoveAll(w => w.SeqNo <= maxSeqNo);
        }
        foreach (var (_, waiter) in released)
            waiter.TrySetResult();
        return snapshot;
    }

    private void DropExpiredTombstones()
    {
        var now = Clock();
        List<string>? expired = null;
        foreach (var doc in _documents)
            if (doc.IsDeleted && now - doc.DeletedAtMillis > GcDeletes.TotalMilliseconds)
                (expired ??= new()).Add(doc.Id);
        if (expired == null)
            return;
        foreach (var id in expired)
        {
            _documents.Remove(id);
            Interlocked.Decrement(ref _tombstoneCount);
        }
    }

    /// <summary>Every live document in one new segment (after compaction or recovery).</summary>
    private List<SegmentView> RebuiltSegments()
    {
        var live = new List<StoredDocument>((int)Math.Max(0, _liveCount));
        foreach (var doc in _documents)
            if (!doc.IsDeleted)
                live.Add(doc);
        live.Sort(static (a, b) => a.SeqNo.CompareTo(b.SeqNo));
        var views = new List<SegmentView>();
        if (live.Count > 0)
            views.Add(NewView(live.ToArray()));
        return views;
    }

    /// <summary>
    /// The previous snapshot's segments with the versions replaced or deleted since masked out, plus one
    /// segment of the versions written since that are still current; then merges as the policy asks.
    /// </summary>
    private List<SegmentView> RefreshedSegments()
    {
        var previous = _snapshot.Segments;
        var superseded = _superseded.Count == 0 ? null : new HashSet<long>(_superseded);
        var fresh = new List<StoredDocument>(_pending.Count);
        foreach (var doc in _pending)
            if (superseded == null || !superseded.Contains(doc.SeqNo))
                fresh.Add(doc);
        fresh.Sort(static (a, b) => a.SeqNo.CompareTo(b.SeqNo));
        var views = new List<SegmentView>(previous.Count + 1);
        foreach (var view in previous)
        {
            List<int>? deleted = null;
            if (superseded != null)
                foreach (var seqNo in _superseded)
                    if (seqNo >= view.Segment.MinSeqNo && seqNo <= view.Segment.MaxSeqNo && view.Segment.IndexOf(seqNo) is var doc and >= 0 && view.Live.IsLive(doc))
                        (deleted ??= new()).Add(doc);
            var live = deleted == null ? view.Live : view.Live.Without(deleted);
            if (live.Count > 0)
                views.Add(view with { Live = live });
        }
        if (fresh.Count > 0)
            views.Add(NewView(fresh.ToArray()));
        Merge(views);
        var start = 0;
        for (var i = 0; i < views.Count; i++)
        {
            views[i] = views[i] with { Start = start };
            start += views[i].Live.Count;
        }
        return views;
    }

    /// <summary>
    /// Rewrites segments that are more than half deleted, then merges the smallest neighbouring pair
    /// until at most <see cref="MaxSegments"/> remain. Neighbours are merged so seq_no order holds.
    /// </summary>
    private void Merge(List<SegmentView> views)
    {
        for (var i = 0; i < views.Count; i++)
            if (views[i].Live.Count * 2 < views[i].Segment.Documents.Length)
                views[i] = Merged(views, i, 1);
        while (views.Count > MaxSegments)
        {
            var best = 0;
            for (var i = 1; i + 1 < views.Count; i++)
                if (views[i].Live.Count + views[i + 1].Live.Count < views[best].Live.Count + views[best + 1].Live.Count)
                    best = i;
            views[best] = Merged(views, best, 2);
            views.RemoveAt(best + 1);
        }
    }

    private SegmentView Merged(List<SegmentView> views, int first, int count)
    {
        var documents = new List<StoredDocument>();
        for (var v = first; v < first + count; v++)
        {
            var view = views[v];
            for (var i = 0; i < view.Segment.Documents.Length; i++)
                if (view.Live.IsLive(i))
                    documents.Add(view.Segment.Documents[i]);
        }
        return NewView(documents.ToArray());
    }

    private SegmentView NewView(StoredDocument[] documents)
    {
        var segment = new SnapshotSegment(documents);
        SegmentCreated?.Invoke(segment);
        return new SegmentView(segment, LiveDocs.All(documents.Length), 0);
    }

    /// <summary>Completes once a refresh has made <paramref name="seqNo"/> visible (refresh=wait_for).</summary>
    public Task WaitForRefreshAsync(long seqNo)
    {
        lock (_lock)
        {
            if (_snapshot.MaxSeqNo >= seqNo)
                return Task.CompletedTask;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _refreshWaiters.Add((seqNo, waiter));
            return waiter.Task;
        }
    }

    /// <summary>All current versions and live tombstones, for a durable snapshot of the data directory.</summary>
    public List<StoredDocument> CopyAll()
    {
        lock (_lock)
            return _documents.ToList();
    }
}
