namespace VectorReindex.LocalNode.Search;

/// <summary>
/// Which documents of a shard belong to a slice, as Elasticsearch's SliceBuilder.toFilter splits:
/// with fewer slices than shards, whole shards go to slices (shard request index mod max); with at
/// least as many, slice id mod shards picks the shard and the slices that share it split its
/// documents. Inside a shard Elasticsearch splits by Lucene doc id (points in time) or an _id hash
/// (scroll); the node splits by seq_no, which, like _shard_doc, stays put across points in time.
/// </summary>
internal static class SliceFilter
{
    public static bool Admits(SearchTarget target, int doc, (int Id, int Max) slice)
    {
        var (id, max) = slice;
        var shards = target.RequestShards;
        if (shards <= 1)
            return InShardSlice(target, doc, id, max);
        if (max >= shards)
        {
            var targetShard = id % shards;
            if (targetShard != target.ShardIndex)
                return false;
            var slicesInShard = max / shards + (max % shards > targetShard ? 1 : 0);
            return slicesInShard == 1 || InShardSlice(target, doc, id / shards, slicesInShard);
        }
        return target.ShardIndex % max == id;
    }

    private static bool InShardSlice(SearchTarget target, int doc, int id, int max) => target.Doc(doc).SeqNo % max == id;
}
