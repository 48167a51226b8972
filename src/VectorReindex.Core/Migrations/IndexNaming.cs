using System.Globalization;
using System.Text.RegularExpressions;

namespace VectorReindex.Core.Migrations
{
    /// <summary>Names and name checks for indices the module creates or deletes.</summary>
    public static class IndexNaming
    {
        private static readonly Regex Versioned = new Regex(@"^(?<stem>.+)-v(?<n>\d+)$", RegexOptions.CultureInvariant);

        /// <summary>The next version of an index name: products-v1 gives products-v2, products gives products-v2.</summary>
        public static string NextVersion(string index)
        {
            var m = Versioned.Match(index);
            if (!m.Success) return index + "-v2";
            var n = long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            return m.Groups["stem"].Value + "-v" + (n + 1).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>True for names that would address more than one index: wildcards, lists, _all, exclusions.</summary>
        public static bool IsPattern(string name) =>
            name.IndexOfAny(new[] { '*', '?', ',' }) >= 0 || name == "_all" || name.StartsWith("-", System.StringComparison.Ordinal);
    }
}
