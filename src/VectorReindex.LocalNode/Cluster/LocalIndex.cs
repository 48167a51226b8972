using System.Collections.Immutable;
using VectorReindex.LocalNode.Documents;
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

    /// <summary>Serializes writes that change the mapping dynamically, so two documents cannot race on a new field.</summary>
    public object MappingLock { get; } = new();
}
