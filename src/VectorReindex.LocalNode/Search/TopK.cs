namespace VectorReindex.LocalNode.Search;

/// <summary>
/// A bounded min-heap keeping the k best (score, doc) pairs; ties keep the lower doc, as Lucene's
/// collectors do, so results are deterministic.
/// </summary>
internal sealed class TopK
{
    private readonly float[] _scores;
    private readonly int[] _docs;
    private int _count;

    public TopK(int k)
    {
        _scores = new float[Math.Max(k, 1)];
        _docs = new int[Math.Max(k, 1)];
        Capacity = k;
    }

    public int Capacity { get; }
    public int Count => _count;

    /// <summary>The score a candidate must beat to enter (−∞ until full).</summary>
    public float Threshold => _count < Capacity ? float.NegativeInfinity : _scores[0];

    public void Offer(int doc, float score)
    {
        if (Capacity == 0)
            return;
        if (_count < Capacity)
        {
            var i = _count++;
            _scores[i] = score;
            _docs[i] = doc;
            SiftUp(i);
            return;
        }
        if (!Better(score, doc, _scores[0], _docs[0]))
            return;
        _scores[0] = score;
        _docs[0] = doc;
        SiftDown(0);
    }

    public void Merge(TopK other)
    {
        for (var i = 0; i < other._count; i++)
            Offer(other._docs[i], other._scores[i]);
    }

    /// <summary>The kept pairs, best first.</summary>
    public List<(int Doc, float Score)> ToSortedList()
    {
        var list = new List<(int Doc, float Score)>(_count);
        for (var i = 0; i < _count; i++)
            list.Add((_docs[i], _scores[i]));
        list.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc));
        return list;
    }

    private static bool Better(float score, int doc, float otherScore, int otherDoc)
        => score > otherScore || (score == otherScore && doc < otherDoc);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_scores[parent], _docs[parent], _scores[i], _docs[i]))
                break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= _count)
                return;
            var worst = left;
            var right = left + 1;
            if (right < _count && Better(_scores[left], _docs[left], _scores[right], _docs[right]))
                worst = right;
            if (!Better(_scores[i], _docs[i], _scores[worst], _docs[worst]))
                return;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_docs[a], _docs[b]) = (_docs[b], _docs[a]);
    }
}
