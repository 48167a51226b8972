namespace VectorReindex.LocalNode.Shards;

/// <summary>The outcome of an applied write: the stored version, whether it created, updated, deleted or found nothing, and the shard it went to.</summary>
internal readonly record struct WriteResult(StoredDocument Document, string Result, long WalTicket, int Shard)
{
    public int Status => Result switch
    {
        "created" => 201,
        "not_found" => 404,
        _ => 200,
    };
}
