namespace VectorReindex.LocalNode.Bench;

/// <summary>Options every mode of the bench shares.</summary>
internal static class BenchArguments
{
    /// <summary>The version the in-process node presents (--es-version X.Y.Z; default the node's own), rejected early when the node has no such profile.</summary>
    public static string EsVersion(string[] args)
    {
        var i = Array.IndexOf(args, "--es-version");
        var version = i >= 0 && i + 1 < args.Length ? args[i + 1] : LocalNodeOptions.DefaultEsVersion;
        Compatibility.VersionProfile.For(version);
        return version;
    }
}
