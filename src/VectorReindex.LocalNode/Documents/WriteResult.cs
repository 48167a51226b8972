namespace VectorReindex.LocalNode.Documents;

/// <summary>The outcome of an applied write: the stored version and whether it created, updated, deleted or found nothing.</summary>
internal readonly record struct WriteResult(StoredDocument Document, string Result, long WalTicket)
{
    public int Status => Result switch
    {
        "created" => 201,
        "not_found" => 404,
        _ => 200,
    };
}
