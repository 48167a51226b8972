using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Shards;

/// <summary>Builds version_conflict_engine_exception with Elasticsearch's exact reason texts.</summary>
internal static class VersionConflict
{
    public static ElasticsearchException Create(string index, string uuid, int shard, string id, string explanation)
        => new ElasticsearchException(409, "version_conflict_engine_exception", $"[{id}]: version conflict, {explanation}").WithShard(index, uuid, shard);

    public static string SeqNoExplanation(long ifSeqNo, long ifTerm, StoredDocument? current)
        => $"required seqNo [{ifSeqNo}], primary term [{ifTerm}]." + (current == null || current.IsDeleted
            ? " but no document was found"
            : $" current document has seqNo [{current.SeqNo}] and primary term [{current.PrimaryTerm}]");
}
