using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// Runs a parsed search over its targets: top-level kNN first (global top k across shards), then the
/// query, slices, post_filter and min_score, sorting (with the _shard_doc tiebreaker for points in
/// time) and search_after.
/// </summary>
internal static class SearchExecutor
{
    /// <summary>A knn section's inner_hits on a nested field, as a nested query over its objects (null when none is asked or the field is not nested).</summary>
    private static NestedQuery? KnnInnerHits(KnnSpec spec, IReadOnlyList<SearchTarget> targets)
    {
        if (spec.InnerHits == null)
            return null;
        var path = targets.Select(t => t.Mapping.Fields.TryGetValue(spec.Field, out var f) ? f.NestedPath : null).FirstOrDefault(p => p != null);
        return path == null ? null : new NestedQuery
        {
            Path = path,
            Inner = new ExactVectorQuery { Spec = spec, Boost = spec.Boost },
            ScoreMode = NestedScoreMode.Max,
            IgnoreUnmapped = true,
            InnerHits = InnerHitsSpec.Parse(spec.InnerHits, path),
        };
    }

    public static SearchResult Execute(SearchRequest request, IReadOnlyList<SearchTarget> targets)
    {
        var knnQueries = new List<Query>();
        foreach (var spec in request.Knn)
        {
            var merged = new List<(SearchTarget Target, int Doc, float Score)>();
            foreach (var target in targets)
            {
                foreach (var filter in spec.Filters)
                    filter.Prepare(target);
                var top = KnnQuery.Nearest(target, spec, spec.K);
                if (top != null)
                    merged.AddRange(top.ToSortedList().Select(h => (target, h.Doc, h.Score)));
            }
            var best = merged.OrderByDescending(h => h.Score).ThenBy(h => h.Target.ShardIndex).ThenBy(h => h.Doc).Take(spec.K)
                .ToDictionary(h => (h.Target, h.Doc), h => h.Score);
            knnQueries.Add(new KnnResultQuery { Hits = best, Boost = spec.Boost, Name = spec.Name, InnerHits = KnnInnerHits(spec, targets) });
        }

        Query query;
        if (knnQueries.Count == 0)
            query = request.Query ?? new MatchAllQuery();
        else
            query = new BoolQuery { Should = (request.Query == null ? knnQueries : knnQueries.Append(request.Query)).ToList(), MinimumShouldMatch = 1 };

        var sort = request.Sort;
        if (request.PitId != null && (sort == null || !sort.Any(k => k.IsShardDoc)))
            sort = (sort ?? new List<SortKey> { new("_score", true, "_last", null, null, null) }).Append(new SortKey("_shard_doc", false, "_last", null, null, null)).ToList();
        var sortedByScoreOnly = sort == null || (sort.Count >= 1 && sort[0].IsScore && sort.Skip(1).All(k => k.IsShardDoc || k.IsDoc) && request.PitId == null);
        var needScores = sort == null || sort.Any(k => k.IsScore) || request.TrackScores || request.MinScore != null;

        var hits = new List<Hit>();
        List<Hit>? aggregationMatches = null;
        var implicitTiebreaker = request.PitId != null && request.Sort?.Any(k => k.IsShardDoc) != true;
        var after = request.SearchAfter != null && sort != null
            ? SortSpec.ReadAfter(request.SearchAfter, implicitTiebreaker && request.SearchAfter.Count == sort.Count - 1 ? sort.Take(sort.Count - 1).ToList() : sort)
            : null;
        if (after != null)
            after = SortSpec.ResolveAfter(after, sort!, targets);
        if (request.SearchAfter != null && sort == null)
            throw Errors.IllegalArgument("Sort must contain at least one field.");

        if (knnQueries.Count == 0 && sort is [{ IsShardDoc: true, Descending: false }] && request.TrackTotalHitsUpTo < 0 && request.Scroll == null && !request.HasAggregations)
        {
            // A point-in-time scan ([_shard_doc asc], no total): snapshots hold documents in seq_no
            // order, so _shard_doc rises with the document position; start after search_after by
            // binary search and stop once the page is full, instead of sorting the whole index per page.
            request.Sort = sort;
            return new SearchResult(ShardDocPage(request, targets, query, sort, after), 0, targets.Count, true, false, query);
        }

        if (knnQueries.Count > 0 && request.Query == null && request.PostFilter == null && request.Slice == null && request.MinScore == null && knnQueries.Count == 1)
        {
            // Fast path: the hits are exactly the kNN result; no need to visit every document.
            var only = (KnnResultQuery)knnQueries[0];
            foreach (var target in targets)
            {
                request.CheckResultWindow(target);
                only.InnerHits?.Prepare(target);
            }
            foreach (var ((target, doc), score) in only.Hits)
                if (target.AliasFilter == null || target.AliasFilter.Matches(target, doc, out _))
                    hits.Add(new Hit(target, doc, score * only.Boost * target.IndexBoost, sort?.Select(k => SortSpec.Value(k, target, doc, score * only.Boost * target.IndexBoost)).ToArray()));
        }
        else
        {
            aggregationMatches = request.HasAggregations && request.PostFilter != null ? new List<Hit>() : null;
            foreach (var target in targets)
            {
                query.Prepare(target);
                request.PostFilter?.Prepare(target);
                target.AliasFilter?.Prepare(target);
                request.CheckResultWindow(target);
                var candidates = Candidates(query, target);
                var count = candidates?.Length ?? target.Count;
                for (var i = 0; i < count; i++)
                {
                    var doc = candidates?[i] ?? i;
                    if (!Matches(request, query, target, doc, out var score))
                        continue;
                    var postFiltered = request.PostFilter == null || request.PostFilter.Matches(target, doc, out _);
                    if (!postFiltered && aggregationMatches == null)
                        continue;
                    var hit = new Hit(target, doc, needScores ? score : float.NaN, sort?.Select(k => SortSpec.Value(k, target, doc, score)).ToArray());
                    aggregationMatches?.Add(hit);
                    if (postFiltered)
                        hits.Add(hit);
                }
            }
        }

        Comparison<Hit> order = sort == null
            ? static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Target.ShardIndex != b.Target.ShardIndex ? a.Target.ShardIndex.CompareTo(b.Target.ShardIndex) : a.Doc.CompareTo(b.Doc)
            : (a, b) =>
            {
                var c = SortSpec.Compare(sort, a.SortValues!, b.SortValues!);
                if (c != 0)
                    return c;
                return a.Target.ShardIndex != b.Target.ShardIndex ? a.Target.ShardIndex.CompareTo(b.Target.ShardIndex) : a.Doc.CompareTo(b.Doc);
            };
        if (after == null && request.Scroll == null && !request.HasAggregations)
            hits = SortedPage(hits, request.From + request.Size, order);
        else
            hits.Sort(order);
        long total = hits.Count;
        aggregationMatches ??= hits;
        if (after != null)
        {
            // A point in time adds an implicit _shard_doc tiebreaker the caller may leave out of search_after.
            var keys = after.Length == sort!.Count ? sort : sort.Take(after.Length).ToList();
            hits = hits.Where(h => SortSpec.Compare(keys, h.SortValues!, after) > 0).ToList();
        }
        request.Sort = sort;
        return new SearchResult(hits, total, targets.Count, !sortedByScoreOnly, needScores, query) { AggregationMatches = aggregationMatches };
    }

    private static List<Hit> ShardDocPage(SearchRequest request, IReadOnlyList<SearchTarget> targets, Query query, List<SortKey> sort, object?[]? after)
    {
        var hits = new List<Hit>();
        var limit = request.From + request.Size;
        foreach (var target in targets.OrderBy(t => t.ShardIndex))
        {
            request.CheckResultWindow(target);
            var count = target.Count;
            var start = 0;
            if (after != null)
            {
                int lo = 0, hi = count;
                while (lo < hi)
                {
                    var mid = (lo + hi) >>> 1;
                    if (SortSpec.Compare(sort, new object?[] { SortSpec.ShardDoc(target, mid) }, after) > 0) hi = mid;
                    else lo = mid + 1;
                }
                start = lo;
            }
            if (start >= count) continue;
            query.Prepare(target);
            request.PostFilter?.Prepare(target);
            target.AliasFilter?.Prepare(target);
            for (var doc = start; doc < count && hits.Count < limit; doc++)
            {
                if (!Admits(request, query, target, doc, out _))
                    continue;
                hits.Add(new Hit(target, doc, float.NaN, new object?[] { SortSpec.ShardDoc(target, doc) }));
            }
            if (hits.Count >= limit) break;
        }
        return hits;
    }

    /// <summary>
    /// The hits with the first <paramref name="page"/> of them in order (all that a response without scroll,
    /// search_after or aggregations reads) and the rest after them unordered: a bounded heap instead of
    /// sorting every hit of a broad query.
    /// </summary>
    private static List<Hit> SortedPage(List<Hit> hits, int page, Comparison<Hit> order)
    {
        if (page <= 0 || hits.Count <= 2 * page)
        {
            hits.Sort(order);
            return hits;
        }
        var worstFirst = new PriorityQueue<int, Hit>(page + 1, Comparer<Hit>.Create((a, b) => order(b, a)));
        for (var i = 0; i < hits.Count; i++)
        {
            worstFirst.Enqueue(i, hits[i]);
            if (worstFirst.Count > page)
                worstFirst.Dequeue();
        }
        var top = new List<int>(page);
        while (worstFirst.Count > 0)
            top.Add(worstFirst.Dequeue());
        top.Reverse();
        var inTop = new HashSet<int>(top);
        var result = new List<Hit>(hits.Count);
        foreach (var i in top)
            result.Add(hits[i]);
        for (var i = 0; i < hits.Count; i++)
            if (!inTop.Contains(i))
                result.Add(hits[i]);
        return result;
    }

    /// <summary>
    /// The documents of a target the query and alias filter may admit, from the per-field indexes (null:
    /// every document). Each is still checked by <see cref="Admits"/>, so the hits are those of a full scan.
    /// </summary>
    private static int[]? Candidates(Query query, SearchTarget target)
    {
        if (!target.UseFieldIndexes)
            return null;
        var fromQuery = query.Candidates(target);
        var fromAlias = target.AliasFilter?.Candidates(target);
        return fromQuery == null ? fromAlias : fromAlias == null ? fromQuery : DocSets.Intersect(fromQuery, fromAlias);
    }

    /// <summary>Whether a document is a hit: in the slice, through the alias filter, the query, post_filter and min_score.</summary>
    private static bool Admits(SearchRequest request, Query query, SearchTarget target, int doc, out float score)
        => Matches(request, query, target, doc, out score) && (request.PostFilter == null || request.PostFilter.Matches(target, doc, out _));

    /// <summary>Whether a document matches before post_filter (what aggregations see): the slice, the alias filter, the query and min_score.</summary>
    private static bool Matches(SearchRequest request, Query query, SearchTarget target, int doc, out float score)
    {
        score = 0;
        if (request.Slice is { } slice && !SliceFilter.Admits(target, doc, slice))
            return false;
        if (target.AliasFilter != null && !target.AliasFilter.Matches(target, doc, out _))
            return false;
        if (!query.Matches(target, doc, out score))
            return false;
        score *= target.IndexBoost;
        return request.MinScore is not { } min || score >= min;
    }
}
