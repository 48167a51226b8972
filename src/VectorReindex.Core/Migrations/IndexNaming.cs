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

        /// <summary>
        /// The next version of <paramref name="index"/> that none of <paramref name="taken"/> holds
        /// or ever held: one past the highest version of the same stem among them (products-v1 with
        /// products-v2 and products-v3 taken gives products-v4), so a rolled-back or abandoned
        /// generation's name is never reused.
        /// </summary>
        public static string NextFreeVersion(string index, System.Collections.Generic.IEnumerable<string> taken)
        {
            var m = Versioned.Match(index);
            var stem = m.Success ? m.Groups["stem"].Value : index;
            var highest = m.Success ? long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 1;
            foreach (var name in taken)
            {
                var t = Versioned.Match(name);
                if (t.Success && t.Groups["stem"].Value == stem && long.TryParse(t.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > highest)
                    highest = n;
            }
            return stem + "-v" + (highest + 1).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// True for a name Elasticsearch accepts for an index or alias: lowercase, at most 255
        /// bytes, not . or .., not starting with - _ +, and none of \ / * ? " &lt; &gt; | , # : or space.
        /// </summary>
        public static bool IsValidName(string name) =>
            name.Length > 0 && System.Text.Encoding.UTF8.GetByteCount(name) <= 255
            && name != "." && name != ".."
            && "-_+".IndexOf(name[0]) < 0
            && name.IndexOfAny(new[] { '\\', '/', '*', '?', '"', '<', '>', '|', ',', '#', ':', ' ' }) < 0
            && name == name.ToLowerInvariant();

        /// <summary>True for names that would address more than one index: wildcards, lists, _all, exclusions.</summary>
        public static bool IsPattern(string name) =>
            name.IndexOfAny(new[] { '*', '?', ',' }) >= 0 || name == "_all" || name.StartsWith("-", System.StringComparison.Ordinal);
    }
}
