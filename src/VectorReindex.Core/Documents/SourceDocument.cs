using System.Text.Json;

namespace VectorReindex.Core.Documents
{
    /// <summary>A document read from the source: id, version and _source (valid while the page it came from is alive).</summary>
    public readonly struct SourceDocument
    {
        public SourceDocument(string id, long version, JsonElement source)
        {
            Id = id;
            Version = version;
            Source = source;
        }

        public string Id { get; }
        public long Version { get; }
        public JsonElement Source { get; }
    }
}
