using VectorReindex.LocalNode.Shards;
namespace VectorReindex.LocalNode.Search;

/// <summary>bool: must and filter all match, no must_not matches, and enough should clauses match.</summary>
internal sealed class BoolQuery : Query
{
    public List<Query> Must { get; init; } = new();
    public List<Query> Filter { get; init; } = new();
    public List<Query> Should { get; init; } = new();
    public List<Query> MustNot { get; init; } = new();
    public int MinimumShouldMatch { get; init; }

    public override IEnumerable<Query> Children => Must.Concat(Filter).Concat(Should).Concat(MustNot);

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = 0;
        foreach (var q in Filter)
            if (!q.Matches(target, doc, out _))
                return false;
        foreach (var q in MustNot)
            if (q.Matches(target, doc, out _))
                return false;
        foreach (var q in Must)
        {
            if (!q.Matches(target, doc, out var s))
                return false;
            score += s;
        }
        var matched = 0;
        foreach (var q in Should)
            if (q.Matches(target, doc, out var s))
            {
                matched++;
                score += s;
            }
        if (matched < MinimumShouldMatch)
            return false;
        score *= Boost;
        return true;
    }

    /// <summary>The intersection of what the required clauses allow, narrowed by the should clauses when one must match.</summary>
    public override int[]? Candidates(SearchTarget target)
    {
        int[]? result = null;
        foreach (var q in Must.Concat(Filter))
            if (q.Candidates(target) is { } set)
                result = result == null ? set : DocSets.Intersect(result, set);
        if (MinimumShouldMatch >= 1 && Should.Count > 0)
        {
            var sets = new List<int[]>(Should.Count);
            foreach (var q in Should)
            {
                if (q.Candidates(target) is not { } set)
                    return result;
                sets.Add(set);
            }
            var union = DocSets.Union(sets);
            result = result == null ? union : DocSets.Intersect(result, union);
        }
        return result;
    }
}

/// <summary>constant_score: the filter's matches, all scored with the boost.</summary>
internal sealed class ConstantScoreQuery : Query
{
    public required Query Filter { get; init; }

    public override IEnumerable<Query> Children => new[] { Filter };

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        return Filter.Matches(target, doc, out _);
    }

    public override int[]? Candidates(SearchTarget target) => Filter.Candidates(target);
}

/// <summary>dis_max: the best sub-query score plus tie_breaker times the others.</summary>
internal sealed class DisMaxQuery : Query
{
    public required List<Query> Queries { get; init; }
    public float TieBreaker { get; init; }

    public override IEnumerable<Query> Children => Queries;

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        float max = 0, sum = 0;
        var any = false;
        foreach (var q in Queries)
            if (q.Matches(target, doc, out var s))
            {
                any = true;
                max = Math.Max(max, s);
                sum += s;
            }
        score = (max + TieBreaker * (sum - max)) * Boost;
        return any;
    }

    public override int[]? Candidates(SearchTarget target)
    {
        var sets = new List<int[]>(Queries.Count);
        foreach (var q in Queries)
        {
            if (q.Candidates(target) is not { } set)
                return null;
            sets.Add(set);
        }
        return DocSets.Union(sets);
    }
}

/// <summary>function_score with filter/weight functions: combines the matching weights (score_mode) with the query score (boost_mode).</summary>
internal sealed class BoostedQuery : Query
{
    public required Query Inner { get; init; }
    public List<(Query? Filter, float Weight)> Functions { get; init; } = new();
    public string ScoreMode { get; init; } = "multiply";
    public string BoostMode { get; init; } = "multiply";
    public float MaxBoost { get; init; } = float.MaxValue;

    public override IEnumerable<Query> Children => Functions.Where(f => f.Filter != null).Select(f => f.Filter!).Prepend(Inner);

    public override int[]? Candidates(SearchTarget target) => Inner.Candidates(target);

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        if (!Inner.Matches(target, doc, out var queryScore))
        {
            score = 0;
            return false;
        }
        var weights = Functions.Where(f => f.Filter == null || f.Filter.Matches(target, doc, out _)).Select(f => f.Weight).ToList();
        if (Functions.Count == 0 || weights.Count == 0)
        {
            score = queryScore * Boost;
            return true;
        }
        var functionScore = ScoreMode switch
        {
            "sum" => weights.Sum(),
            "avg" => weights.Average(),
            "first" => weights[0],
            "max" => weights.Max(),
            "min" => weights.Min(),
            _ => weights.Aggregate(1f, (a, b) => a * b),
        };
        functionScore = Math.Min(functionScore, MaxBoost);
        score = BoostMode switch
        {
            "replace" => functionScore,
            "sum" => queryScore + functionScore,
            "avg" => (queryScore + functionScore) / 2,
            "max" => Math.Max(queryScore, functionScore),
            "min" => Math.Min(queryScore, functionScore),
            _ => queryScore * functionScore,
        } * Boost;
        return true;
    }
}
