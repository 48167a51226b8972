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
}

/// <summary>function_score without functions, as the kNN tests use it: the inner query's score times the boost.</summary>
internal sealed class BoostedQuery : Query
{
    public required Query Inner { get; init; }

    public override IEnumerable<Query> Children => new[] { Inner };

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        var matched = Inner.Matches(target, doc, out score);
        score *= Boost;
        return matched;
    }
}
