using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The per-field index of one mapped field in one snapshot, built from its <see cref="FieldColumn"/>
/// on first use and kept with the snapshot: postings (term to ascending document positions) for
/// keyword-like and text fields, where text terms are the analyzed tokens and keyword terms the whole
/// values; sorted doc values (value, position) for numbers, dates and booleans; the documents that
/// have any value; and the length statistics BM25 needs. Queries use it to find candidate documents,
/// then confirm each candidate with their usual per-document check, so results are those of a scan.
/// </summary>
internal sealed class FieldIndex
{
    private static readonly ConditionalWeakTable<SearchSnapshot, ConcurrentDictionary<string, Lazy<FieldIndex>>> Cache = new();

    private readonly Dictionary<string, int[]> _postings;
    private readonly double[] _sortedValues;
    private readonly int[] _sortedDocs;

    private FieldIndex(FieldIndexKind kind, Dictionary<string, int[]> postings, double[] sortedValues, int[] sortedDocs, int[] docsWithValues, int docCount, long totalLength)
    {
        Kind = kind;
        _postings = postings;
        _sortedValues = sortedValues;
        _sortedDocs = sortedDocs;
        DocsWithValues = docsWithValues;
        DocCount = docCount;
        TotalLength = totalLength;
    }

    public FieldIndexKind Kind { get; }

    /// <summary>Ascending positions of the documents with at least one value.</summary>
    public int[] DocsWithValues { get; }

    /// <summary>Documents with a value (BM25's document count).</summary>
    public int DocCount { get; }

    /// <summary>Terms over all values of all documents (BM25's total field length).</summary>
    public long TotalLength { get; }

    public IReadOnlyCollection<string> Terms => _postings.Keys;

    /// <summary>Ascending positions of the documents holding the term (empty when none does).</summary>
    public int[] Postings(string term) => _postings.TryGetValue(term, out var docs) ? docs : Array.Empty<int>();

    /// <summary>
    /// Ascending positions of the documents with a value between the bounds (null: unbounded), compared as
    /// <see cref="double.CompareTo(double)"/> does. NaN values always come back: they compare below every
    /// number, which the caller's own check settles.
    /// </summary>
    public int[] Range(double? lower, bool lowerInclusive, double? upper, bool upperInclusive)
    {
        var from = 0;
        var to = _sortedValues.Length;
        if (lower is { } lo)
            from = lowerInclusive ? LowerBound(lo) : UpperBound(lo);
        if (upper is { } hi)
            to = upperInclusive ? UpperBound(hi) : LowerBound(hi);
        var result = new List<int>(Math.Max(0, to - from));
        for (var i = 0; i < _sortedValues.Length && double.IsNaN(_sortedValues[i]); i++)
            if (i < from || i >= to)
                result.Add(_sortedDocs[i]);
        for (var i = from; i < to; i++)
            result.Add(_sortedDocs[i]);
        return DocSets.Normalize(result);
    }

    private int LowerBound(double value)
    {
        int lo = 0, hi = _sortedValues.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sortedValues[mid].CompareTo(value) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int UpperBound(double value)
    {
        int lo = 0, hi = _sortedValues.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sortedValues[mid].CompareTo(value) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    public static FieldIndexKind KindOf(FieldMapping field)
        => field.IsText ? FieldIndexKind.Text
            : FieldValue.IsNumericOrDate(field) || field.Type == "boolean" ? FieldIndexKind.Numeric
            : FieldIndexKind.Keyword;

    /// <summary>The index of a mapped field, reading the values at <paramref name="sourcePath"/> (a multi-field reads its parent's).</summary>
    public static FieldIndex For(SearchSnapshot snapshot, FieldMapping field, string sourcePath)
        => Cache.GetValue(snapshot, _ => new ConcurrentDictionary<string, Lazy<FieldIndex>>(StringComparer.Ordinal))
            .GetOrAdd(field.Path + "\n" + field.Type + "\n" + sourcePath, _ => new Lazy<FieldIndex>(() => Build(FieldColumn.For(snapshot, sourcePath), field))).Value;

    private static FieldIndex Build(FieldColumn column, FieldMapping field)
    {
        var kind = KindOf(field);
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var numbers = new List<(double Value, int Doc)>();
        var withValues = new List<int>();
        long totalLength = 0;
        for (var doc = 0; doc < column.Count; doc++)
        {
            var values = column.Values(doc);
            if (values.Count == 0)
                continue;
            withValues.Add(doc);
            foreach (var value in values)
            {
                if (kind == FieldIndexKind.Numeric)
                {
                    if (FieldValue.Comparable(field, value) is double number)
                        numbers.Add((number, doc));
                    continue;
                }
                if (kind == FieldIndexKind.Text)
                {
                    foreach (var token in FieldValue.Tokens(value.ToString()))
                    {
                        totalLength++;
                        Add(postings, token, doc);
                    }
                }
                else
                {
                    totalLength++;
                    Add(postings, value.ToString(), doc);
                }
            }
        }
        numbers.Sort(static (a, b) => a.Value.CompareTo(b.Value) is var c && c != 0 ? c : a.Doc.CompareTo(b.Doc));
        return new FieldIndex(kind, postings.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            numbers.Select(n => n.Value).ToArray(), numbers.Select(n => n.Doc).ToArray(), withValues.ToArray(), withValues.Count, totalLength);
    }

    private static void Add(Dictionary<string, List<int>> postings, string term, int doc)
    {
        if (!postings.TryGetValue(term, out var docs))
            postings[term] = docs = new List<int>();
        if (docs.Count == 0 || docs[^1] != doc)
            docs.Add(doc);
    }
}

internal enum FieldIndexKind
{
    /// <summary>Postings of whole values (keyword, wildcard, ip...).</summary>
    Keyword,

    /// <summary>Postings of analyzed tokens.</summary>
    Text,

    /// <summary>Sorted doc values (numbers, dates, booleans).</summary>
    Numeric,
}
