using System.Globalization;

namespace VectorReindex.LocalNode.Durability;

/// <summary>
/// The files of a data directory sorted by what they are: the checkpoint, snapshots and translog
/// generations by number, copies kept by --recover, and everything else (stray files, reported and
/// left alone). Reading it removes what an interrupted write leaves behind (*.tmp).
/// </summary>
internal sealed class DataDirectoryListing
{
    public const string CheckpointFile = "checkpoint";
    public const string DamagedCopyMarker = ".damaged-";

    private const string SnapshotPrefix = "snapshot-";
    private const string SnapshotSuffix = ".bin";
    private const string TranslogPrefix = "translog-";
    private const string TranslogSuffix = ".log";

    private DataDirectoryListing()
    {
    }

    public bool HasCheckpoint { get; private set; }

    public SortedDictionary<long, string> Snapshots { get; } = new();

    public SortedDictionary<long, string> Translogs { get; } = new();

    public static string SnapshotName(long generation) => SnapshotPrefix + generation.ToString("D10", CultureInfo.InvariantCulture) + SnapshotSuffix;

    public static string TranslogName(long generation) => TranslogPrefix + generation.ToString("D10", CultureInfo.InvariantCulture) + TranslogSuffix;

    /// <summary>Lists <paramref name="path"/>; with <paramref name="notices"/>, reports stray files and removes temporary ones.</summary>
    public static DataDirectoryListing Read(string path, List<string>? notices)
    {
        var listing = new DataDirectoryListing();
        foreach (var entry in Directory.EnumerateFileSystemEntries(path))
        {
            var name = System.IO.Path.GetFileName(entry);
            if (name == CheckpointFile && File.Exists(entry))
                listing.HasCheckpoint = true;
            else if (TryParseGeneration(name, SnapshotPrefix, SnapshotSuffix, out var snapshot))
                listing.Snapshots[snapshot] = entry;
            else if (TryParseGeneration(name, TranslogPrefix, TranslogSuffix, out var translog))
                listing.Translogs[translog] = entry;
            else if (name.Contains(DamagedCopyMarker, StringComparison.Ordinal))
                continue;
            else if (notices == null)
                continue;
            else if (name.EndsWith(".tmp", StringComparison.Ordinal) && (name.StartsWith(SnapshotPrefix, StringComparison.Ordinal) || name.StartsWith(CheckpointFile, StringComparison.Ordinal)))
            {
                File.Delete(entry);
                notices.Add($"removed {entry}, left unfinished by a stop while it was being written");
            }
            else
            {
                notices.Add($"ignoring {entry}: not a file this node writes (expected {CheckpointFile}, {SnapshotName(1)} or {TranslogName(1)} style names); move it out of the data directory");
            }
        }
        return listing;
    }

    private static bool TryParseGeneration(string name, string prefix, string suffix, out long generation)
    {
        generation = 0;
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(suffix, StringComparison.Ordinal))
            return false;
        var digits = name.AsSpan(prefix.Length, name.Length - prefix.Length - suffix.Length);
        foreach (var c in digits)
            if (c is < '0' or > '9')
                return false;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out generation) && generation > 0;
    }
}
