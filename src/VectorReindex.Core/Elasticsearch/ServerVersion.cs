using System;
using System.Globalization;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>An Elasticsearch version as GET / reports it ("8.17.0", "9.1.0-SNAPSHOT"): major, minor, patch.</summary>
    public readonly struct ServerVersion : IComparable<ServerVersion>
    {
        public ServerVersion(int major, int minor, int patch = 0)
        {
            Major = major;
            Minor = minor;
            Patch = patch;
        }

        public int Major { get; }
        public int Minor { get; }
        public int Patch { get; }

        public bool IsKnown => Major > 0;

        /// <summary>Reads "major.minor.patch" with any suffix; an unreadable number gives version 0.0.0 (unknown).</summary>
        public static ServerVersion Parse(string? number)
        {
            if (string.IsNullOrEmpty(number)) return default;
            var parts = number!.Split('.', '-');
            return new ServerVersion(Part(parts, 0), Part(parts, 1), Part(parts, 2));
        }

        private static int Part(string[] parts, int i) =>
            i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

        public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

        public int CompareTo(ServerVersion other) =>
            Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", Major, Minor, Patch);
    }
}
