using System;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// Where a document lives in an index: its _id and its _routing (null: routed by the id). Two
    /// documents with the same id and different routings are different documents on (possibly)
    /// different shards, so reads, writes and comparisons all go by both.
    /// </summary>
    public readonly struct DocumentKey : IEquatable<DocumentKey>, IComparable<DocumentKey>
    {
        public DocumentKey(string id, string? routing = null)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Routing = routing;
        }

        public string Id { get; }

        public string? Routing { get; }

        /// <summary>By id, then routing (none first), ordinal: the order of the delta's merge-join.</summary>
        public int CompareTo(DocumentKey other)
        {
            var byId = string.CompareOrdinal(Id, other.Id);
            return byId != 0 ? byId : string.CompareOrdinal(Routing, other.Routing);
        }

        public bool Equals(DocumentKey other) => Id == other.Id && Routing == other.Routing;

        public override bool Equals(object? obj) => obj is DocumentKey other && Equals(other);

        public override int GetHashCode() => unchecked((Id?.GetHashCode() ?? 0) * 397 ^ (Routing?.GetHashCode() ?? 0));

        public override string ToString() => Routing == null ? Id : Id + " (routing " + Routing + ")";
    }
}
