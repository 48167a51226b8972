using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Search;

/// <summary>Errors a search raises on a shard, wrapped as Elasticsearch reports them: all shards failed.</summary>
internal static class SearchFailures
{
    /// <summary>A query the shard could not build for the field's mapping (QueryShardException "failed to create query").</summary>
    public static ElasticsearchException CreateQueryFailed(SearchTarget target, ElasticsearchException cause)
        => new ElasticsearchException(400, "search_phase_execution_exception", "all shards failed",
                new ElasticsearchException(400, "query_shard_exception", $"failed to create query: {cause.Reason}", cause)
                    .WithIndex(target.Index.Name, target.Index.Uuid))
            .With("phase", "query")
            .With("grouped", true);
}
