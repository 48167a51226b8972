using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>Compiles the query DSL subset the local node supports, with Elasticsearch's parsing errors.</summary>
internal static class QueryParser
{
    public static Query Parse(JsonNode? node) => Parse(node, size: null);

    public static Query Parse(JsonNode? node, int? size)
    {
        if (node is not JsonObject obj)
            throw new ElasticsearchException(400, "parsing_exception", "[_na] query malformed, must start with start_object");
        if (obj.Count == 0)
            return new MatchAllQuery();
        if (obj.Count > 1)
            throw new ElasticsearchException(400, "parsing_exception", $"[{obj.First().Key}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
        var (type, body) = obj.First();
        var o = body as JsonObject;
        return type switch
        {
            "match_all" => new MatchAllQuery { Boost = BoostOf(o), Name = NameOf(o) },
            "match_none" => new MatchAllQuery { None = true, Name = NameOf(o) },
            "term" => Term(Single(type, o)),
            "terms" => Terms(o ?? throw Malformed(type)),
            "match" or "match_phrase" or "match_bool_prefix" or "match_phrase_prefix" => Match(type, Single(type, o)),
            "prefix" => Prefix(Single(type, o)),
            "wildcard" => WildcardQuery(Single(type, o)),
            "range" => Range(Single(type, o)),
            "exists" => new ExistsQuery { Field = o?["field"]?.ToString() ?? throw Malformed(type), Boost = BoostOf(o), Name = NameOf(o) },
            "ids" => new IdsQuery { Ids = (o?["values"] as JsonArray)?.Select(v => v!.ToString()).ToHashSet(StringComparer.Ordinal) ?? new(), Boost = BoostOf(o), Name = NameOf(o) },
            "bool" => Bool(o ?? throw Malformed(type), size),
            "constant_score" => new ConstantScoreQuery { Filter = Parse(o?["filter"], size), Boost = BoostOf(o), Name = NameOf(o) },
            "dis_max" => new DisMaxQuery
            {
                Queries = (o?["queries"] as JsonArray ?? new JsonArray()).Select(q => Parse(q, size)).ToList(),
                TieBreaker = o?["tie_breaker"] is { } t ? (float)t.GetValue<double>() : 0f,
                Boost = BoostOf(o),
                Name = NameOf(o),
            },
            "function_score" => FunctionScore(o ?? throw Malformed(type), size),
            "script_score" => ScriptScoreQuery.Parse(o ?? throw Malformed(type), inner => Parse(inner, size)),
            "vector_similarity" => new KnnQuery { Spec = KnnSpec.ParseVectorSimilarity(o), Boost = BoostOf(o), Name = NameOf(o) },
            "knn" => new KnnQuery { Spec = KnnSpec.Parse(o, size, isQuery: true), Boost = BoostOf(o), Name = NameOf(o) },
            "nested" => Nested(o ?? throw Malformed(type), size),
            "query_string" or "simple_query_string" => QueryString(o?["query"]?.ToString() ?? "*", o?["default_field"]?.ToString()),
            _ => throw new ElasticsearchException(400, "parsing_exception", $"unknown query [{type}]").With("line", 1).With("col", 1),
        };
    }

    private static readonly HashSet<string> NestedKeys = new(StringComparer.Ordinal) { "path", "query", "score_mode", "ignore_unmapped", "inner_hits", "boost", "_name" };

    private static NestedQuery Nested(JsonObject o, int? size)
    {
        foreach (var (key, _) in o)
            if (!NestedKeys.Contains(key))
                throw new ElasticsearchException(400, "parsing_exception", $"[nested] query does not support [{key}]");
        var path = o["path"]?.ToString() ?? throw Errors.IllegalArgument("[nested] requires 'path' field");
        if (o["query"] is not { } inner)
            throw Errors.IllegalArgument("[nested] requires 'query' field");
        var scoreMode = o["score_mode"]?.ToString() switch
        {
            null or "avg" => NestedScoreMode.Avg,
            "max" => NestedScoreMode.Max,
            "min" => NestedScoreMode.Min,
            "sum" => NestedScoreMode.Sum,
            "none" => NestedScoreMode.None,
            var other => throw Errors.IllegalArgument($"illegal score_mode [{other}]"),
        };
        return new NestedQuery
        {
            Path = path,
            Inner = Parse(inner, size),
            ScoreMode = scoreMode,
            IgnoreUnmapped = o["ignore_unmapped"]?.GetValue<bool>() ?? false,
            InnerHits = o["inner_hits"] is { } innerHits ? InnerHitsSpec.Parse(innerHits, path) : null,
            Boost = BoostOf(o),
            Name = NameOf(o),
        };
    }

    /// <summary>The q= parameter: "field:value" or a bare value, terms joined with OR.</summary>
    public static Query QueryString(string text, string? defaultField)
    {
        if (text is "*" or "*:*" or "")
            return new MatchAllQuery();
        var clauses = new List<Query>();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part is "OR" or "AND")
                continue;
            var colon = part.IndexOf(':');
            var field = colon > 0 ? part[..colon] : defaultField ?? "*";
            var value = (colon > 0 ? part[(colon + 1)..] : part).Trim('"');
            clauses.Add(field == "*" ? new AnyFieldQuery { Text = value } : MatchText(field, value, "or", 1f, null));
        }
        return new BoolQuery { Should = clauses, MinimumShouldMatch = 1 };
    }

    private static (string Field, JsonNode? Value, JsonObject? Options) Single(string type, JsonObject? body)
    {
        if (body == null || body.Count == 0)
            throw Malformed(type);
        var (field, value) = body.First(p => p.Key is not ("boost" or "_name"));
        return (field, value is JsonObject opts ? opts["value"] ?? opts["query"] ?? opts["term"] : value, value as JsonObject);
    }

    private static ElasticsearchException Malformed(string type)
        => new(400, "parsing_exception", $"[{type}] query malformed, no start_object after query name");

    private static float BoostOf(JsonObject? o) => o?["boost"] is { } b ? (float)b.GetValue<double>() : 1f;

    private static string? NameOf(JsonObject? o) => o?["_name"]?.ToString();

    private static Query Term((string Field, JsonNode? Value, JsonObject? Options) t)
    {
        var insensitive = t.Options?["case_insensitive"]?.GetValue<bool>() == true;
        var term = t.Value;
        return new FieldQuery
        {
            Field = t.Field,
            Predicate = (f, v) => FieldValue.TermEquals(f, v, term, insensitive),
            MetadataPredicate = s => string.Equals(s, term?.ToString(), insensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
            ScoredTerms = insensitive || term == null ? null : new[] { term.ToString() },
            Lookup = (index, field) => TermLookup(index, field, term, insensitive),
            LookupIsExact = true,
            Boost = BoostOf(t.Options),
            Name = NameOf(t.Options),
        };
    }

    /// <summary>
    /// The documents a term query's predicate (<see cref="FieldValue.TermEquals"/>) may accept, from the
    /// field's index: the term's postings (text: the term as a token; keyword: the whole value), or the
    /// doc values equal to it for numbers, dates and booleans.
    /// </summary>
    private static int[]? TermLookup(FieldIndex index, FieldMapping field, JsonNode? term, bool caseInsensitive)
    {
        if (term == null)
            return Array.Empty<int>();
        switch (index.Kind)
        {
            case FieldIndexKind.Numeric:
                if (FieldValue.Comparable(field, term) is not double value)
                    return Array.Empty<int>();
                return index.Range(value, true, value, true);
            case FieldIndexKind.Text:
                return index.Postings(caseInsensitive ? term.ToString().ToLowerInvariant() : term.ToString());
            default:
                if (!caseInsensitive)
                    return index.Postings(term.ToString());
                var wanted = term.ToString();
                return DocSets.Union(index.Terms.Where(t => string.Equals(t, wanted, StringComparison.OrdinalIgnoreCase)).Select(index.Postings));
        }
    }

    private static Query Terms(JsonObject body)
    {
        var (field, value) = body.First(p => p.Key is not ("boost" or "_name"));
        var terms = value as JsonArray ?? throw new ElasticsearchException(400, "parsing_exception", "[terms] query does not support [" + field + "]");
        var list = terms.ToList();
        var set = list.Select(t => t?.ToString()).ToHashSet(StringComparer.Ordinal);
        return new FieldQuery
        {
            Field = field,
            Predicate = (f, v) => list.Any(t => FieldValue.TermEquals(f, v, t, false)),
            MetadataPredicate = s => set.Contains(s),
            Lookup = (index, field) => list.Select(t => TermLookup(index, field, t, false)).ToList() is var sets && sets.All(x => x != null) ? DocSets.Union(sets!) : null,
            LookupIsExact = true,
            Boost = BoostOf(body),
            Name = NameOf(body),
        };
    }

    private static Query Match(string type, (string Field, JsonNode? Value, JsonObject? Options) m)
    {
        var op = m.Options?["operator"]?.ToString()?.ToLowerInvariant() ?? (type == "match" ? "or" : "and");
        return MatchText(m.Field, m.Value?.ToString() ?? "", op, BoostOf(m.Options), NameOf(m.Options), m.Value);
    }

    private static Query MatchText(string field, string text, string op, float boost, string? name, JsonNode? raw = null)
    {
        var tokens = FieldValue.Tokens(text).ToList();
        return new FieldQuery
        {
            Field = field,
            Predicate = (f, v) =>
            {
                if (!f.IsText)
                    return FieldValue.TermEquals(f, v, raw ?? JsonValue.Create(text), false);
                var have = FieldValue.Tokens(v.ToString()).ToHashSet();
                return op == "and" ? tokens.All(have.Contains) : tokens.Any(have.Contains);
            },
            MetadataPredicate = s => s == text,
            Lookup = (index, field) =>
            {
                if (!field.IsText)
                    return TermLookup(index, field, raw ?? JsonValue.Create(text), false);
                if (tokens.Count == 0)
                    return op == "and" ? index.DocsWithValues : Array.Empty<int>();
                var postings = tokens.Select(index.Postings).ToList();
                return op == "and" ? postings.Aggregate(DocSets.Intersect) : DocSets.Union(postings);
            },
            // "and" needs every token in one value, which postings over the whole document cannot tell.
            LookupIsExact = op != "and" || tokens.Count <= 1,
            ScoredTerms = tokens,
            RawTerms = new[] { raw?.ToString() ?? text },
            Boost = boost,
            Name = name,
        };
    }

    private static Query Prefix((string Field, JsonNode? Value, JsonObject? Options) p)
    {
        var prefix = p.Value?.ToString() ?? "";
        var insensitive = p.Options?["case_insensitive"]?.GetValue<bool>() == true;
        var comparison = insensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return new FieldQuery
        {
            Field = p.Field,
            Predicate = (f, v) => f.IsText ? FieldValue.Tokens(v.ToString()).Any(t => t.StartsWith(prefix, comparison)) : v.ToString().StartsWith(prefix, comparison),
            MetadataPredicate = s => s.StartsWith(prefix, comparison),
            Boost = BoostOf(p.Options),
            Name = NameOf(p.Options),
        };
    }

    private static Query WildcardQuery((string Field, JsonNode? Value, JsonObject? Options) w)
    {
        var pattern = (w.Options?["wildcard"] ?? w.Value)?.ToString() ?? "*";
        return new FieldQuery
        {
            Field = w.Field,
            Predicate = (f, v) => f.IsText ? FieldValue.Tokens(v.ToString()).Any(t => Wildcard.Matches(pattern, t)) : Wildcard.Matches(pattern, v.ToString()),
            MetadataPredicate = s => Wildcard.Matches(pattern, s),
            Boost = BoostOf(w.Options),
            Name = NameOf(w.Options),
        };
    }

    private static Query Range((string Field, JsonNode? Value, JsonObject? Options) r)
    {
        var o = r.Options ?? throw Malformed("range");
        JsonNode? lower = o["gte"] ?? o["gt"] ?? o["from"];
        JsonNode? upper = o["lte"] ?? o["lt"] ?? o["to"];
        var lowerInclusive = o["gt"] == null && (o["from"] == null || o["include_lower"]?.GetValue<bool>() != false);
        var upperInclusive = o["lt"] == null && (o["to"] == null || o["include_upper"]?.GetValue<bool>() != false);
        return new FieldQuery
        {
            Field = r.Field,
            Validate = (f, target) =>
            {
                foreach (var bound in new[] { lower, upper })
                    if (bound != null && f.IsNumeric && FieldValue.Number(bound) == null)
                        throw SearchFailures.CreateQueryFailed(target, new ElasticsearchException(400, "number_format_exception", $"For input string: \"{bound}\""));
            },
            Predicate = (f, v) =>
            {
                var value = FieldValue.Comparable(f, v);
                if (value == null)
                    return false;
                if (lower != null && FieldValue.Comparable(f, lower) is { } lo)
                {
                    var c = value.CompareTo(lo);
                    if (c < 0 || (c == 0 && !lowerInclusive))
                        return false;
                }
                if (upper != null && FieldValue.Comparable(f, upper) is { } hi)
                {
                    var c = value.CompareTo(hi);
                    if (c > 0 || (c == 0 && !upperInclusive))
                        return false;
                }
                return true;
            },
            Lookup = (index, field) =>
            {
                if (index.Kind != FieldIndexKind.Numeric)
                    return null;
                var lo = lower == null ? null : FieldValue.Comparable(field, lower) as double?;
                var hi = upper == null ? null : FieldValue.Comparable(field, upper) as double?;
                return index.Range(lo, lowerInclusive, hi, upperInclusive);
            },
            LookupIsExact = true,
            MetadataPredicate = s =>
                (lower == null || string.CompareOrdinal(s, lower.ToString()) is var c1 && (c1 > 0 || (c1 == 0 && lowerInclusive)))
                && (upper == null || string.CompareOrdinal(s, upper.ToString()) is var c2 && (c2 < 0 || (c2 == 0 && upperInclusive))),
            Boost = BoostOf(o),
            Name = NameOf(o),
        };
    }

    private static Query Bool(JsonObject o, int? size)
    {
        List<Query> Clauses(string key) => o[key] switch
        {
            null => new List<Query>(),
            JsonArray array => array.Select(q => Parse(q, size)).ToList(),
            var single => new List<Query> { Parse(single, size) },
        };
        foreach (var (key, _) in o)
            if (key is not ("must" or "filter" or "should" or "must_not" or "minimum_should_match" or "boost" or "_name" or "adjust_pure_negative"))
                throw new ElasticsearchException(400, "parsing_exception", $"[bool] query does not support [{key}]");
        var must = Clauses("must");
        var filter = Clauses("filter");
        var should = Clauses("should");
        var msm = o["minimum_should_match"] is { } m ? MinimumShouldMatch(m, should.Count) : (must.Count == 0 && filter.Count == 0 && should.Count > 0 ? 1 : 0);
        return new BoolQuery { Must = must, Filter = filter, Should = should, MustNot = Clauses("must_not"), MinimumShouldMatch = msm, Boost = BoostOf(o), Name = NameOf(o) };
    }

    private static int MinimumShouldMatch(JsonNode node, int optional)
    {
        var text = node.ToString().Trim();
        int result;
        if (text.EndsWith('%'))
        {
            var percent = int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture);
            result = percent >= 0 ? optional * percent / 100 : optional + optional * percent / 100;
        }
        else
        {
            var count = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            result = count >= 0 ? count : optional + count;
        }
        return Math.Clamp(result, 0, optional);
    }

    private static Query FunctionScore(JsonObject o, int? size)
    {
        if (o["script_score"] != null)
            throw Errors.IllegalArgument("[script_score] is not supported by the local node");
        var functions = new List<(Query? Filter, float Weight)>();
        foreach (var function in o["functions"] as JsonArray ?? new JsonArray())
        {
            if (function is not JsonObject f || f.Any(p => p.Key is not ("filter" or "weight")))
                throw Errors.IllegalArgument("function_score functions other than [filter] with [weight] are not supported by the local node");
            functions.Add((f["filter"] == null ? null : Parse(f["filter"], size), f["weight"] is { } w ? (float)w.GetValue<double>() : 1f));
        }
        if (o["weight"] is { } topWeight)
            functions.Add((null, (float)topWeight.GetValue<double>()));
        return new BoostedQuery
        {
            Inner = o["query"] == null ? new MatchAllQuery() : Parse(o["query"], size),
            Functions = functions,
            ScoreMode = o["score_mode"]?.ToString() ?? "multiply",
            BoostMode = o["boost_mode"]?.ToString() ?? "multiply",
            MaxBoost = o["max_boost"] is { } mb ? (float)mb.GetValue<double>() : float.MaxValue,
            Boost = BoostOf(o),
            Name = NameOf(o),
        };
    }
}

/// <summary>A bare query_string term: matches any mapped field holding it.</summary>
internal sealed class AnyFieldQuery : Query
{
    public required string Text { get; init; }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        foreach (var (name, field) in target.Mapping.Fields)
        {
            if (field.Vector != null)
                continue;
            foreach (var value in target.Values(doc, name))
                if (FieldValue.TermEquals(field, value, JsonValue.Create(field.IsText ? Text.ToLowerInvariant() : Text), false))
                    return true;
        }
        return false;
    }
}
