using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core
{
    /// <summary>
    /// How values read on a console: the one convention the format views (module/VectorReindex.format.ps1xml)
    /// and ToString use. Fractions are stored 0 to 1 and shown as percentages; times in UTC; numbers
    /// in the invariant culture, so a view reads the same on every machine.
    /// </summary>
    public static class DisplayText
    {
        /// <summary>A fraction 0 to 1 as a percentage with one decimal: 0.9731 gives "97.3 %".</summary>
        public static string Percent(double fraction) => fraction.ToString("P1", CultureInfo.InvariantCulture);

        /// <summary>A rate or count with thousands separators and at most one decimal: 1234.56 gives "1,234.6".</summary>
        public static string Number(double value) => value.ToString("#,0.#", CultureInfo.InvariantCulture);

        /// <summary>A moment in UTC, to the second: "2026-12-01 09:30:00Z"; empty for none.</summary>
        public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "";

        /// <summary>
        /// An embedder on one line: kind, model and dimensions, for example "openai nomic-embed-text,
        /// 768 dimensions" (the kind as _meta records it).
        /// </summary>
        public static string Embedder(EmbedderDescriptor? embedder)
        {
            if (embedder == null) return "";
            if (embedder.Kind == EmbedderKind.Copy) return "copy (source vectors kept)";
            var line = KindName(embedder.Kind);
            if (!string.IsNullOrEmpty(embedder.Model)) line += " " + embedder.Model;
            if (embedder.Dimensions.HasValue) line += ", " + embedder.Dimensions.Value.ToString(CultureInfo.InvariantCulture) + " dimensions";
            return line;
        }

        /// <summary>
        /// The first <paramref name="count"/> values of a vector at their full float precision (the
        /// shortest text that reads back as the same float), then an ellipsis when there are more.
        /// </summary>
        public static string Vector(IReadOnlyList<float>? vector, int count)
        {
            if (vector == null) return "";
            var shown = vector.Take(count).Select(v => v.ToString("R", CultureInfo.InvariantCulture));
            return "[" + string.Join(", ", shown) + (vector.Count > count ? ", …]" : "]");
        }

        /// <summary>Lines joined for one list entry, or "none".</summary>
        public static string Lines(IEnumerable<string>? lines)
        {
            var all = lines?.Where(l => !string.IsNullOrEmpty(l)).ToList();
            return all == null || all.Count == 0 ? "none" : string.Join(Environment.NewLine, all);
        }

        private static string KindName(EmbedderKind kind) => kind switch
        {
            EmbedderKind.Hashing => "hashing",
            EmbedderKind.OpenAI => "openai",
            EmbedderKind.ScriptBlock => "script_block",
            EmbedderKind.Custom => "custom",
            _ => "copy",
        };
    }
}
