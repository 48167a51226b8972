namespace VectorReindex.LocalNode.Shards;

/// <summary>An index or delete of one document with its concurrency conditions, as the engine plans it.</summary>
internal sealed record WriteOperation(
    string Id,
    ParsedDocument? Document,
    VersionType VersionType = VersionType.Internal,
    long Version = Versions.MatchAny,
    long IfSeqNo = WriteOperation.UnassignedSeqNo,
    long IfPrimaryTerm = 0,
    string? Routing = null)
{
    public const long UnassignedSeqNo = -2;

    public bool IsDelete => Document == null;
}
