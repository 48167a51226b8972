using System.Globalization;
using System.Text.RegularExpressions;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// What a version_conflict_engine_exception says. Elasticsearch names the version the document
    /// (or its delete tombstone) holds: "[id]: version conflict, current version [5] is higher or
    /// equal to the one provided [3]".
    /// </summary>
    public static class VersionConflict
    {
        private static readonly Regex Current = new Regex(@"current version \[(\d+)\]", RegexOptions.CultureInvariant);

        /// <summary>The current version the conflict names; null when the reason names none.</summary>
        public static long? CurrentVersion(string? reason)
        {
            var match = reason == null ? null : Current.Match(reason);
            return match is { Success: true } && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
    }
}
