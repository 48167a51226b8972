using System;
using System.Text.Json;

namespace VectorReindex.Core.Elasticsearch
{
    public enum BulkAction
    {
        Index,
        Create,
        Update,
        Delete,
    }

    /// <summary>
    /// One line pair of a _bulk body. The document is a writer, so a document read from one index
    /// is written to another without an intermediate copy.
    /// </summary>
    public sealed class BulkOperation
    {
        public BulkOperation(BulkAction action, string index, string id, Action<Utf8JsonWriter>? body = null)
        {
            Action = action;
            Index = index;
            Id = id;
            Body = body;
        }

        public BulkAction Action { get; }
        public string Index { get; }
        public string Id { get; }

        /// <summary>The document (index/create) or the update body ({"doc":...}); null for delete.</summary>
        public Action<Utf8JsonWriter>? Body { get; }

        /// <summary>With <see cref="VersionType"/>: the external version (the source document's _version).</summary>
        public long? Version { get; set; }

        /// <summary>external or external_gte.</summary>
        public string? VersionType { get; set; }

        public long? IfSeqNo { get; set; }
        public long? IfPrimaryTerm { get; set; }
        public string? Routing { get; set; }

        /// <summary>Update only: return the updated _source in the item's "get".</summary>
        public bool ReturnSource { get; set; }

        public static BulkOperation Delete(string index, string id) => new BulkOperation(BulkAction.Delete, index, id);

        /// <summary>A versioned write: external_gte with the source document's version (the migration protocol).</summary>
        public static BulkOperation VersionedIndex(string index, string id, long version, Action<Utf8JsonWriter> body, string? routing = null) =>
            new BulkOperation(BulkAction.Index, index, id, body) { Version = version, VersionType = "external_gte", Routing = routing };

        public static BulkOperation VersionedDelete(string index, string id, long version, string? routing = null) =>
            new BulkOperation(BulkAction.Delete, index, id) { Version = version, VersionType = "external_gte", Routing = routing };
    }
}
