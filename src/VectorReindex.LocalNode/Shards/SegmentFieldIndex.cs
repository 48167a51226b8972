using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The index of one mapped field over the documents of one segment, by segment document number:
/// postings with term frequencies (analyzed tokens for text, whole values for keyword-like fields),
/// each document's field length, the documents with any value, and sorted doc values for numbers,
/// dates and booleans. Built from the sources when the refresh that made the segment runs (every
/// mapped field at once, in one pass over each source) and shared by every snapshot holding the
/// segment; a field mapped later is built on first use.
/// </summary>
internal sealed class SegmentFieldIndex
{
    private static readonly ConditionalWeakTable<SnapshotSegment, ConcurrentDictionary<string, Lazy<SegmentFieldIndex>>> Cache = new();

    private SegmentFieldIndex(FieldIndexKind kind, Dictionary<string, Posting> postings, int[] lengths, int[] docsWithValues, long totalLength, double[] sortedValues, int[] sortedDocs)
    {
        Kind = kind;
        Postings = postings;
        Lengths = lengths;
        DocsWithValues = docsWithValues;
        TotalLength = totalLength;
        SortedValues = sortedValues;
        SortedDocs = sortedDocs;
        NaNCount = 0;
        while (NaNCount < sortedValues.Length && double.IsNaN(sortedValues[NaNCount]))
            NaNCount++;
    }

    public FieldIndexKind Kind { get; }

    /// <summary>Term to the ascending segment documents holding it, with how often each does.</summary>
    public IReadOnlyDictionary<string, Posting> Postings { get; }

    /// <summary>Per segment document: its number of terms (text tokens, keyword values).</summary>
    public int[] Lengths { get; }

    /// <summary>Ascending segment documents with at least one value.</summary>
    public int[] DocsWithValues { get; }

    /// <summary>Terms over every document of the segment.</summary>
    public long TotalLength { get; }

    /// <summary>Numeric values in <see cref="double.CompareTo(double)"/> order (NaN first), ties by document.</summary>
    public double[] SortedValues { get; }

    /// <summary>The document of each entry of <see cref="SortedValues"/>.</summary>
    public int[] SortedDocs { get; }

    /// <summary>How many NaN values lead <see cref="SortedValues"/>.</summary>
    public int NaNCount { get; }

    public static string KeyOf(FieldMapping field, string sourcePath) => field.Path + "\n" + field.Type + "\n" + sourcePath;

    /// <summary>The segment's index of a field reading the values at <paramref name="sourcePath"/>, built now when the refresh did not.</summary>
    public static SegmentFieldIndex For(SnapshotSegment segment, FieldMapping field, string sourcePath)
        => Fields(segment).GetOrAdd(KeyOf(field, sourcePath), _ => new Lazy<SegmentFieldIndex>(() => Build(segment, new[] { (field, sourcePath) })[0])).Value;

    private static ConcurrentDictionary<string, Lazy<SegmentFieldIndex>> Fields(SnapshotSegment segment)
        => Cache.GetValue(segment, _ => new ConcurrentDictionary<string, Lazy<SegmentFieldIndex>>(StringComparer.Ordinal));

    /// <summary>Builds the index of every mapped field but vectors for a new segment (what a refresh does).</summary>
    public static void BuildAll(SnapshotSegment segment, IndexMapping mapping)
    {
        var fields = new List<(FieldMapping Field, string SourcePath)>();
        foreach (var field in mapping.Fields.Values)
            if (field.Vector == null && !mapping.VectorPaths.Contains(field.Path))
                fields.Add((field, SourcePathOf(mapping, field.Path)));
        if (fields.Count == 0 || segment.Documents.Length == 0)
            return;
        var built = Build(segment, fields);
        var cache = Fields(segment);
        for (var i = 0; i < fields.Count; i++)
        {
            var index = built[i];
            cache.TryAdd(KeyOf(fields[i].Field, fields[i].SourcePath), new Lazy<SegmentFieldIndex>(() => index));
        }
    }

    /// <summary>A multi-field (name.keyword) reads its parent's source value.</summary>
    public static string SourcePathOf(IndexMapping mapping, string path)
    {
        var dot = path.LastIndexOf('.');
        if (dot > 0 && mapping.Fields.TryGetValue(path[..dot], out var parent) && parent.Vector == null)
            return path[..dot];
        return path;
    }

    private const int ChunkSize = 4096;

    private static SegmentFieldIndex[] Build(SnapshotSegment segment, IReadOnlyList<(FieldMapping Field, string SourcePath)> fields)
    {
        var paths = fields.Select(f => f.SourcePath).Distinct(StringComparer.Ordinal).ToList();
        var reader = new SourceLeafReader(paths);
        var docs = segment.Documents;
        // Reading the sources is the cost; it runs in parallel chunks, then each field is indexed in document order.
        var values = new LeafValue[docs.Length][];
        Parallel.For(0, (docs.Length + ChunkSize - 1) / ChunkSize, RefreshParallelism.Options, chunk =>
        {
            var scratch = new List<LeafValue>();
            var end = Math.Min(docs.Length, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++)
            {
                scratch.Clear();
                reader.Read(docs[i].StoredSource.Span, scratch); // vector fields are not among these
                values[i] = scratch.Count == 0 ? Array.Empty<LeafValue>() : scratch.ToArray();
            }
        });
        var result = new SegmentFieldIndex[fields.Count];
        Parallel.For(0, fields.Count, RefreshParallelism.Options, f => result[f] = Index(values, fields[f].Field, paths.IndexOf(fields[f].SourcePath)));
        return result;
    }

    private static SegmentFieldIndex Index(LeafValue[][] values, FieldMapping field, int path)
    {
        var kind = FieldIndex.KindOf(field);
        var postings = new Dictionary<string, (List<int> Docs, List<int> Freqs)>(StringComparer.Ordinal);
        var numbers = new List<(double Value, int Doc)>();
        var withValues = new List<int>();
        var lengths = new int[values.Length];
        long totalLength = 0;
        for (var doc = 0; doc < values.Length; doc++)
        {
            var any = false;
            foreach (var value in values[doc])
            {
                if (value.Path != path)
                    continue;
                any = true;
                if (kind == FieldIndexKind.Numeric)
                {
                    if (FieldValue.Number(field, value) is double number)
                        numbers.Add((number, doc));
                    continue;
                }
                if (kind == FieldIndexKind.Text)
                {
                    foreach (var token in FieldValue.Tokens(value.Text))
                    {
                        lengths[doc]++;
                        Add(postings, token, doc);
                    }
                }
                else
                {
                    lengths[doc]++;
                    Add(postings, value.Text, doc);
                }
            }
            if (any)
            {
                withValues.Add(doc);
                totalLength += lengths[doc];
            }
        }
        numbers.Sort(static (a, b) => a.Value.CompareTo(b.Value) is var c && c != 0 ? c : a.Doc.CompareTo(b.Doc));
        var frozen = new Dictionary<string, Posting>(postings.Count, StringComparer.Ordinal);
        foreach (var (term, list) in postings)
            frozen[term] = new Posting(list.Docs.ToArray(), list.Freqs.ToArray());
        return new SegmentFieldIndex(kind, frozen, lengths, withValues.ToArray(), totalLength,
            numbers.Select(n => n.Value).ToArray(), numbers.Select(n => n.Doc).ToArray());
    }

    private static void Add(Dictionary<string, (List<int> Docs, List<int> Freqs)> postings, string term, int doc)
    {
        if (!postings.TryGetValue(term, out var list))
            postings[term] = list = (new List<int>(), new List<int>());
        if (list.Docs.Count > 0 && list.Docs[^1] == doc)
            list.Freqs[^1]++;
        else
        {
            list.Docs.Add(doc);
            list.Freqs.Add(1);
        }
    }
}

/// <summary>The ascending documents holding a term and how many times each holds it.</summary>
internal sealed record Posting(int[] Docs, int[] Freqs);
