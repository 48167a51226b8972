using System;
using System.Text.Json;
using VectorReindex.Core.Documents;

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

        private BulkOperation(string index, string id, ReadOnlyMemory<byte> copiedSource, int base64VectorStart, int base64VectorEnd)
        {
            Action = BulkAction.Index;
            Index = index;
            Id = id;
            _copiedSource = copiedSource;
            _isCopy = true;
            _base64VectorStart = base64VectorStart;
            _base64VectorEnd = base64VectorEnd;
        }

        private readonly ReadOnlyMemory<byte> _copiedSource;
        private readonly bool _isCopy;
        private readonly int _base64VectorStart;
        private readonly int _base64VectorEnd;

        public BulkAction Action { get; }
        public string Index { get; }
        public string Id { get; }

        /// <summary>The document (index/create) or the update body ({"doc":...}); null for delete and for a <see cref="VersionedCopy"/>.</summary>
        public Action<Utf8JsonWriter>? Body { get; }

        /// <summary>Whether the operation has a document or update line (all but delete).</summary>
        public bool HasBody => Body != null || _isCopy;

        /// <summary>Writes the document or update line: <see cref="Body"/>, or the copied _source (its vector as base64 when the copy asked for it).</summary>
        public void WriteBody(Utf8JsonWriter w)
        {
            if (Body != null) Body(w);
            else if (!_isCopy) return; // a delete has no body line
            else if (_base64VectorStart >= 0) Base64Vector.WriteSource(w, _copiedSource.Span, _base64VectorStart, _base64VectorEnd);
            else w.WriteRawValue(_copiedSource.Span, skipInputValidation: true);
        }

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

        /// <summary>
        /// A versioned write of a _source copied as the cluster sent it (the bytes of a backfill page, alive until
        /// the bulk is written), with the JSON float array at <paramref name="base64VectorStart"/> to
        /// <paramref name="base64VectorEnd"/> written as base64 when the start is not negative. It holds the
        /// bytes and offsets itself, so a copied document costs no closure and no delegate.
        /// </summary>
        public static BulkOperation VersionedCopy(string index, string id, long version, ReadOnlyMemory<byte> source, int base64VectorStart, int base64VectorEnd,
            string? routing = null) =>
            new BulkOperation(index, id, source, base64VectorStart, base64VectorEnd) { Version = version, VersionType = "external_gte", Routing = routing };

        public static BulkOperation VersionedDelete(string index, string id, long version, string? routing = null) =>
            new BulkOperation(BulkAction.Delete, index, id) { Version = version, VersionType = "external_gte", Routing = routing };
    }
}
