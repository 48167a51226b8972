using System.Collections.Immutable;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Metadata;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// One index: its identity, settings, mapping and aliases (replaced whole under the cluster's metadata
/// lock, read without locks) and its primary shards, one document store each (number_of_shards is
/// fixed at creation, as in Elasticsearch).
/// </summary>
internal sealed class LocalIndex
{
    private volatile IndexMapping _mapping;
    private volatile IndexSettings _settings;
    private volatile ImmutableSortedDictionary<string, AliasMetadata> _aliases;
    private volatile bool _closed;
    private volatile IndexRouting _routing;

    public LocalIndex(string name, string uuid, long creationDate, IndexSettings settings, IndexMapping mapping, ImmutableSortedDictionary<string, AliasMetadata> aliases)
    {
        Name = name;
        Uuid = uuid;
        CreationDate = creationDate;
        _settings = settings;
        _mapping = mapping;
        _aliases = aliases;
        _routing = IndexRouting.For(name, settings, mapping);
        var shards = new DocumentStore[settings.NumberOfShards];
        for (var i = 0; i < shards.Length; i++)
            shards[i] = new DocumentStore(i) { GcDeletes = settings.GcDeletes, SegmentCreated = IndexSegment };
        Shards = shards;
    }

    /// <summary>What a refresh builds for a new segment before publishing it: its field indexes and vector columns.</summary>
    private void IndexSegment(SnapshotSegment segment)
    {
        var mapping = Mapping;
        SegmentFieldIndex.BuildAll(segment, mapping);
        SegmentVectors.BuildAll(segment, mapping);
    }

    public string Name { get; }
    public string Uuid { get; }
    public long CreationDate { get; }
    public MaintenanceCounters Maintenance { get; } = new();

    /// <summary>The primary shards by shard number.</summary>
    public IReadOnlyList<DocumentStore> Shards { get; }

    /// <summary>Where documents go: the routing function over this index's shard count and mapping.</summary>
    public IndexRouting Routing => _routing;

    public IndexMapping Mapping
    {
        get => _mapping;
        set
        {
            _mapping = value;
            _routing = IndexRouting.For(Name, _settings, value);
        }
    }

    public IndexSettings Settings
    {
        get => _settings;
        set
        {
            _settings = value;
            foreach (var shard in Shards)
                shard.GcDeletes = value.GcDeletes;
        }
    }

    public ImmutableSortedDictionary<string, AliasMetadata> Aliases { get => _aliases; set => _aliases = value; }

    /// <summary>Closed by the _close API: metadata stays readable, documents can be neither read nor written until _open.</summary>
    public bool IsClosed { get => _closed; set => _closed = value; }

    /// <summary>"open" or "close", as Elasticsearch names an index's state.</summary>
    public string State => _closed ? "close" : "open";

    /// <summary>Throws Elasticsearch's index_closed_exception when a data operation reaches a closed index.</summary>
    public void EnsureOpen()
    {
        if (_closed)
            throw Errors.IndexClosed(Name, Uuid);
    }

    /// <summary>Throws Elasticsearch's cluster_block_exception when a document write reaches an index with index.blocks.write or index.blocks.read_only set.</summary>
    public void EnsureWritable()
    {
        var block = _settings.WriteBlock;
        if (block != IndexWriteBlock.None)
            throw Errors.WriteBlocked(Name, readOnly: block == IndexWriteBlock.ReadOnly);
    }

    /// <summary>Serializes writes that change the mapping dynamically, so two documents cannot race on a new field.</summary>
    public object MappingLock { get; } = new();

    /// <summary>The shard a single-document operation on this id and routing goes to.</summary>
    public DocumentStore ShardFor(string id, string? routing) => Shards[_routing.ShardFor(id, routing)];

    /// <summary>Refreshes every shard (POST _refresh, refresh=true on a request that touched them all).</summary>
    public void RefreshAll()
    {
        foreach (var shard in Shards)
            shard.Refresh();
    }

    /// <summary>Live documents as of the last refresh of each shard.</summary>
    public long SearchableCount => Shards.Sum(s => (long)s.Snapshot.Documents.Count);
}
