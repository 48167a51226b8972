namespace VectorReindex.LocalNode.Shards;

/// <summary>Sets of document positions as ascending arrays without duplicates: intersection and union.</summary>
internal static class DocSets
{
    public static int[] Normalize(List<int> docs)
    {
        docs.Sort();
        var write = 0;
        for (var i = 0; i < docs.Count; i++)
            if (write == 0 || docs[i] != docs[write - 1])
                docs[write++] = docs[i];
        return docs.GetRange(0, write).ToArray();
    }

    public static int[] Intersect(int[] a, int[] b)
    {
        var result = new List<int>(Math.Min(a.Length, b.Length));
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else
            {
                result.Add(a[i]);
                i++;
                j++;
            }
        }
        return result.ToArray();
    }

    public static int[] Union(IEnumerable<int[]> sets)
    {
        var all = new List<int>();
        foreach (var set in sets)
            all.AddRange(set);
        return Normalize(all);
    }
}
