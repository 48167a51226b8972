using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// How long both indexes keep delete tombstones (<c>index.gc_deletes</c>) while a migration runs.
    /// On the source, so a document deleted and written again keeps counting its versions up: after
    /// its tombstone expires Elasticsearch starts it again at version 1, and the target's versioned
    /// copy (external_gte) refuses that below its own tombstone, so the document never arrives. On
    /// the target, so a backfill copy from the point in time of a document deleted since is refused
    /// instead of brought back. Both go back to their own values at cutover.
    /// </summary>
    public static class DeletesRetention
    {
        public const string Setting = "index.gc_deletes";

        /// <summary>The window a migration holds tombstones for; an index already keeping them longer keeps its own.</summary>
        public const string MigrationWindow = "24h";

        private static readonly TimeSpan Window = TimeSpan.FromHours(24);

        /// <summary>The value to hold during the migration, or null when <paramref name="current"/> already keeps tombstones at least as long.</summary>
        public static string? Raise(string? current) =>
            current != null && Parse(current) is { } kept && kept >= Window ? null : MigrationWindow;

        /// <summary>The settings body that puts <c>index.gc_deletes</c> to <paramref name="value"/> (null resets it to the default).</summary>
        public static JsonObject Body(string? value) => new JsonObject { ["index"] = new JsonObject { ["gc_deletes"] = value } };

        /// <summary>An Elasticsearch time value (500ms, 60s, 10m, 1h, 2d; a bare number is milliseconds), or null when unreadable.</summary>
        internal static TimeSpan? Parse(string text)
        {
            var t = text.Trim().ToLowerInvariant();
            (string Suffix, double Ms)[] units = { ("nanos", 1e-6), ("micros", 1e-3), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000) };
            foreach (var (suffix, ms) in units)
                if (t.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(t.Substring(0, t.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                    return TimeSpan.FromMilliseconds(n * ms);
            return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare) ? TimeSpan.FromMilliseconds(bare) : (TimeSpan?)null;
        }
    }
}
