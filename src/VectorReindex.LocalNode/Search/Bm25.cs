using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// Lucene's BM25 (k1 1.2, b 0.75) for term and match queries on one field of one target: document
/// frequencies and lengths gathered once per query and target. Keyword fields have no norms, so only
/// the idf counts there; numeric and date term queries score a constant, as point queries do.
/// </summary>
internal sealed class Bm25
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, int> _docFreq = new(StringComparer.Ordinal);
    private readonly int _docCount;
    private readonly double _avgLength;
    private readonly bool _text;

    public Bm25(SearchTarget target, string field, string sourcePath, FieldMapping mapping, IEnumerable<string> terms)
    {
        _text = mapping.IsText;
        var wanted = terms.ToHashSet(StringComparer.Ordinal);
        long totalLength = 0;
        for (var doc = 0; doc < target.Count; doc++)
        {
            var values = target.Values(doc, sourcePath);
            if (values.Count == 0)
                continue;
            _docCount++;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                var tokens = _text ? FieldValue.Tokens(value.ToString()).ToList() : new List<string> { value.ToString() };
                totalLength += tokens.Count;
                foreach (var t in tokens)
                    if (wanted.Contains(t))
                        seen.Add(t);
            }
            foreach (var t in seen)
                _docFreq[t] = _docFreq.GetValueOrDefault(t) + 1;
        }
        _avgLength = _docCount == 0 ? 1 : (double)totalLength / _docCount;
        _ = field;
    }

    /// <summary>The same statistics read from the field's index: its document count, total length and postings.</summary>
    public Bm25(FieldIndex index, FieldMapping mapping, IEnumerable<string> terms)
    {
        _text = mapping.IsText;
        foreach (var term in terms)
            _docFreq[term] = index.Postings(term).Length;
        _docCount = index.DocCount;
        _avgLength = _docCount == 0 ? 1 : (double)index.TotalLength / _docCount;
    }

    public static bool Applies(FieldMapping field) => field.IsText || field.Type is "keyword" or "constant_keyword" or "wildcard";

    public double Idf(string term)
    {
        var n = _docFreq.GetValueOrDefault(term);
        return Math.Log(1 + (_docCount - n + 0.5) / (n + 0.5));
    }

    /// <summary>
    /// What <see cref="Score"/> gives each of <paramref name="docs"/> (ascending positions), computed from the
    /// index's term frequencies and field lengths instead of the values, in the same order of operations
    /// so the floats are equal; null when the index cannot tell (several terms on a keyword field).
    /// </summary>
    public float[]? ScoreAll(FieldIndex index, int[] docs, IReadOnlyCollection<string> terms)
    {
        var scores = new float[docs.Length];
        if (!_text)
        {
            if (terms.Count != 1)
                return null;
            var idf = (float)Idf(terms.First());
            var (holding, _) = index.Frequencies(terms.First());
            for (int i = 0, j = 0; i < docs.Length; i++)
            {
                while (j < holding.Length && holding[j] < docs[i])
                    j++;
                scores[i] = j < holding.Length && holding[j] == docs[i] ? idf : 0f;
            }
            return scores;
        }
        var sums = new double[docs.Length];
        var lengths = index.Lengths;
        foreach (var term in terms.Distinct())
        {
            var (holding, freqs) = index.Frequencies(term);
            var idf = Idf(term);
            for (int i = 0, j = 0; i < docs.Length && j < holding.Length; i++)
            {
                while (j < holding.Length && holding[j] < docs[i])
                    j++;
                if (j == holding.Length || holding[j] != docs[i])
                    continue;
                var tf = freqs[j];
                var length = lengths[docs[i]];
                sums[i] += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / _avgLength));
            }
        }
        for (var i = 0; i < docs.Length; i++)
            scores[i] = (float)sums[i];
        return scores;
    }

    /// <summary>The score of a document's values for the given query terms (0 when none occurs).</summary>
    public float Score(IReadOnlyList<JsonNode> values, IReadOnlyCollection<string> terms)
    {
        if (!_text)
        {
            var value = values.Select(v => v.ToString()).FirstOrDefault(terms.Contains);
            return value == null ? 0 : (float)Idf(value);
        }
        var tokens = values.SelectMany(v => FieldValue.Tokens(v.ToString())).ToList();
        double score = 0;
        foreach (var term in terms.Distinct())
        {
            var tf = tokens.Count(t => t == term);
            if (tf == 0)
                continue;
            score += Idf(term) * tf * (K1 + 1) / (tf + K1 * (1 - B + B * tokens.Count / _avgLength));
        }
        return (float)score;
    }
}
