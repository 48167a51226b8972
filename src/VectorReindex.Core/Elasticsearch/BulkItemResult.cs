using System.Text.Json.Nodes;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>One item of a _bulk response, in request order.</summary>
    public sealed class BulkItemResult
    {
        public BulkAction Action { get; set; }
        public string Index { get; set; } = "";
        public string Id { get; set; } = "";
        public int Status { get; set; }

        /// <summary>created, updated, deleted, noop or not_found.</summary>
        public string? Result { get; set; }

        public long? Version { get; set; }
        public long? SeqNo { get; set; }
        public long? PrimaryTerm { get; set; }
        public string? ErrorType { get; set; }
        public string? ErrorReason { get; set; }

        /// <summary>The updated _source, when the update asked for it.</summary>
        public JsonObject? Source { get; set; }

        public bool IsSuccess => Status >= 200 && Status < 300;

        /// <summary>409 on a versioned write: a newer version is already there, which is the protocol working, not an error.</summary>
        public bool IsVersionConflict => Status == 409;

        /// <summary>429: the cluster rejected the item for load; retry it later.</summary>
        public bool IsRejected => Status == 429;

        public override string ToString() => $"{Action} {Index}/{Id}: {Status} {Result ?? ErrorType}";
    }
}
