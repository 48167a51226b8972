using System.Collections.Generic;

namespace VectorReindex.Core.Delta
{
    /// <summary>What differs between source and target, from their sorted (_id, _version) streams.</summary>
    public sealed class VersionDiff
    {
        /// <summary>In the source but not the target, or newer in the source: copy these.</summary>
        public List<IdVersion> ToCopy { get; } = new List<IdVersion>();

        /// <summary>In the target but gone from the source: delete these (with the target's version).</summary>
        public List<IdVersion> ToDelete { get; } = new List<IdVersion>();

        /// <summary>Newer in the target than in the source: the source re-created the document and its version restarted.</summary>
        public List<IdVersion> Conflicts { get; } = new List<IdVersion>();

        public long Missing { get; set; }
        public long Stale { get; set; }
        public long Matching { get; set; }

        public long Differences => ToCopy.Count + ToDelete.Count + Conflicts.Count;

        /// <summary>Merge-joins two streams sorted by (id, routing): the same id under another routing is another document.</summary>
        public static VersionDiff Compute(IReadOnlyList<IdVersion> source, IReadOnlyList<IdVersion> target)
        {
            var diff = new VersionDiff();
            int i = 0, j = 0;
            while (i < source.Count || j < target.Count)
            {
                var cmp = i >= source.Count ? 1 : j >= target.Count ? -1 : source[i].Key.CompareTo(target[j].Key);
                if (cmp < 0)
                {
                    diff.ToCopy.Add(source[i++]);
                    diff.Missing++;
                }
                else if (cmp > 0)
                {
                    diff.ToDelete.Add(target[j++]);
                }
                else
                {
                    var s = source[i++];
                    var t = target[j++];
                    if (s.Version > t.Version)
                    {
                        diff.ToCopy.Add(s);
                        diff.Stale++;
                    }
                    else if (s.Version < t.Version) diff.Conflicts.Add(s);
                    else diff.Matching++;
                }
            }
            return diff;
        }
    }
}
