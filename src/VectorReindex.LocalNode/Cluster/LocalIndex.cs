using System.Collections.Immutable;
using VectorReindex.LocalNode.Documents;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Cluster;

/// <summary>
/// One index: its identity, settings, mapping and aliases (replaced whole under the cluster's metadata
/// lock, read without locks) and its document store.
/// </summary>
internal sealed class LocalIndex
{
    private volatile IndexMapping _mapping;
    private volatile IndexSettings _settings;
    private volatile ImmutableSortedDictionary<string, AliasMetadata> _aliases;
    private volatile bool _closed;

    public LocalIndex(string name, string uuid, long creationDate, IndexSettings settings, IndexMapping mapping, ImmutableSortedDictionary<string, AliasMetadata> aliases)
    {
        Name = name;
        Uuid = uuid;
        CreationDate = creationDate;
        _settings = settings;
        _mapping = mapping;
        _aliases = aliases;
        Store = new DocumentStore { GcDeletes = settings.GcDeletes };
    }

    public string Name { get; }
    public string Uuid { get; }
    public long CreationDate { get; }
    public DocumentStore Store { get; }
    public MaintenanceCounters Maintenance { get; } = new();

    public IndexMapping Mapping { get => _mapping; set => _mapping = value; }

    public IndexSettings Settings
    {
        get => _settings;
        set
        {
            _settings = value;
            Store.GcDeletes = value.GcDeletes;
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

    /// <summary>Serializes writes that change the mapping dynamically, so two documents cannot race on a new field.</summary>
    public object MappingLock { get; } = new();
}
