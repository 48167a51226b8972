using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Delta
{
    /// <summary>A document that still differs when read in real time in both indexes.</summary>
    public sealed class ConfirmedDifference
    {
        public ConfirmedDifference(DocumentKey key, long? sourceVersion, long? targetVersion)
        {
            Key = key;
            SourceVersion = sourceVersion;
            TargetVersion = targetVersion;
        }

        public DocumentKey Key { get; }

        public string Id => Key.Id;

        /// <summary>Null when the source does not have the document.</summary>
        public long? SourceVersion { get; }

        /// <summary>Null when the target does not have the document.</summary>
        public long? TargetVersion { get; }

        public bool MissingInTarget => SourceVersion.HasValue && !TargetVersion.HasValue;
        public bool ExtraInTarget => !SourceVersion.HasValue && TargetVersion.HasValue;
        public bool TargetAhead => SourceVersion < TargetVersion;
    }

    /// <summary>
    /// Re-reads documents that two point-in-time scans showed as different, in real time in both
    /// indexes, and keeps only those that still differ: writers keep writing while the scans run.
    /// </summary>
    public static class DiffConfirmation
    {
        public static async Task<List<ConfirmedDifference>> StillDifferentAsync(ElasticsearchCluster source, string sourceIndex,
            ElasticsearchCluster target, string targetIndex, IEnumerable<DocumentKey> candidates, CancellationToken ct)
        {
            var confirmed = new List<ConfirmedDifference>();
            var all = candidates.Distinct().ToList();
            for (var offset = 0; offset < all.Count; offset += 1000)
            {
                var ids = all.Skip(offset).Take(1000).ToList(); // each read with its routing: a routed document is only found on its shard
                // Target first, as the scans: writers write the source first, so a write between the
                // two reads shows as "newer in source" (a harmless copy), never as "newer in target".
                var t = await new DocumentsApi(target).MultiGetAsync(targetIndex, ids, withSource: false, includeVectors: false, ct).ConfigureAwait(false);
                var s = await new DocumentsApi(source).MultiGetAsync(sourceIndex, ids, withSource: false, includeVectors: false, ct).ConfigureAwait(false);
                for (var i = 0; i < ids.Count; i++)
                    if (s[i].Found != t[i].Found || (s[i].Found && s[i].Version != t[i].Version))
                        confirmed.Add(new ConfirmedDifference(ids[i], s[i].Found ? s[i].Version : (long?)null, t[i].Found ? t[i].Version : (long?)null));
            }
            return confirmed;
        }
    }
}
