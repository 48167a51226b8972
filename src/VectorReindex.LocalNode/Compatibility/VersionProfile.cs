namespace VectorReindex.LocalNode.Compatibility;

/// <summary>
/// Everything that differs between the Elasticsearch versions the node can present, in one place:
/// what <c>GET /</c> reports, which REST API versions are accepted, which parameters and settings
/// exist, and the defaults new indices get. Handlers ask this object; they never compare versions.
/// </summary>
internal sealed class VersionProfile
{
    /// <summary>The releases the node can present, with what each reports in <c>GET /</c>.</summary>
    /// <remarks>
    /// Lucene and wire/index compatibility versions are those the releases ship with. Build hashes are
    /// given where known (8.17.0, 9.0.0); the others report a zero hash rather than an invented one, and
    /// their build dates are the release days (9.4.0: early May 2026, the day not known here). Nothing
    /// reads these fields but people and dashboards. 9.4.0's index version id is not known here either:
    /// the one given only keeps the order after 9.3's, which is all the node reads from it.
    /// </remarks>
    private static readonly ReleaseInfo[] Releases =
    {
        new(new(8, 17, 0), "2b6a7fed44faa321997703718f07ee0420804b41", "2024-12-11T12:08:05.663969764Z", "9.12.0", "7.17.0", "7.0.0", 8_521_00_0),
        new(new(8, 18, 0), "0000000000000000000000000000000000000000", "2025-04-15T00:00:00.000000000Z", "9.12.1", "7.17.0", "7.0.0", 8_525_00_0),
        new(new(8, 19, 0), "0000000000000000000000000000000000000000", "2025-07-29T00:00:00.000000000Z", "9.12.2", "7.17.0", "7.0.0", 8_536_00_0),
        new(new(9, 0, 0), "112859b85d50de2a7e63f73c8fc70b99eea24291", "2025-04-08T15:13:46.049795831Z", "10.1.0", "8.18.0", "8.0.0", 9_009_00_0),
        new(new(9, 1, 0), "0000000000000000000000000000000000000000", "2025-07-29T00:00:00.000000000Z", "10.2.2", "8.19.0", "8.0.0", 9_033_00_0),
        new(new(9, 2, 0), "0000000000000000000000000000000000000000", "2025-10-21T00:00:00.000000000Z", "10.3.1", "8.19.0", "8.0.0", 9_039_00_0),
        new(new(9, 3, 0), "0000000000000000000000000000000000000000", "2026-02-03T00:00:00.000000000Z", "10.3.2", "8.19.0", "8.0.0", 9_045_00_0),
        new(new(9, 4, 0), "0000000000000000000000000000000000000000", "2026-05-05T00:00:00.000000000Z", "10.4.0", "8.19.0", "8.0.0", 9_060_00_0),
    };

    /// <summary>The version presented when none is asked for: the newest the node implements.</summary>
    public const string DefaultVersionText = "9.4.0";

    public static readonly ElasticsearchVersion DefaultVersion = ElasticsearchVersion.TryParse(DefaultVersionText)!.Value;

    public static readonly VersionProfile Default = For(DefaultVersion.ToString());

    private readonly ReleaseInfo _release;

    private VersionProfile(ReleaseInfo release)
    {
        _release = release;
    }

    public ElasticsearchVersion Version => _release.Version;
    public string BuildHash => _release.BuildHash;
    public string BuildDate => _release.BuildDate;
    public string LuceneVersion => _release.LuceneVersion;
    public string MinimumWireCompatibilityVersion => _release.MinimumWire;
    public string MinimumIndexCompatibilityVersion => _release.MinimumIndex;

    /// <summary>
    /// The index version new indices record in <c>index.version.created</c> (an ordered id; which release
    /// created an index decides defaults such as excluding vectors from _source).
    /// </summary>
    public int IndexVersionCreated => _release.IndexVersion;

    /// <summary>The REST API version this release speaks natively (its major).</summary>
    public int RestApiMajor => Version.Major;

    /// <summary>The oldest REST API version still accepted through compatible-with (the previous major).</summary>
    public int MinimumRestApiMajor => Version.Major - 1;

    /// <summary>
    /// <c>_source: {exclude_vectors: ...}</c> in search requests and the
    /// <c>index.mapping.exclude_source_vectors</c> index setting: added in 9.1 and backported to 8.19.
    /// </summary>
    public bool HasExcludeVectorsOption => Version.IsAtLeast(9, 1) || (Version.Major == 8 && Version.Minor >= 19);

    /// <summary>The <c>_source_exclude_vectors</c> URL parameter of search, get and mget (9.2+).</summary>
    public bool HasExcludeVectorsParameter => Version.IsAtLeast(9, 2);

    /// <summary>
    /// The default of <c>index.mapping.exclude_source_vectors</c> for an index, from its
    /// <c>index.version.created</c>: true for indices created on 9.2 or later, false before (and for
    /// indices that predate the setting, whichever version the node presents now).
    /// </summary>
    public static bool ExcludesSourceVectorsByDefault(string? versionCreated)
        => int.TryParse(versionCreated, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var created)
           && created >= Array.Find(Releases, r => r.Version == new ElasticsearchVersion(9, 2, 0))!.IndexVersion;

    /// <summary>
    /// Whether an index sorts integer, short and byte fields as 32-bit integers, from its
    /// <c>index.version.created</c>: indices created on 8.19 or 9.1 and later do (a missing value then sorts
    /// as Integer.MAX_VALUE or MIN_VALUE); older ones sort them as longs.
    /// </summary>
    public static bool SortsIntegersAsInt(string? versionCreated)
    {
        if (!int.TryParse(versionCreated, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var created))
            return false;
        int IndexVersion(int major, int minor) => Array.Find(Releases, r => r.Version == new ElasticsearchVersion(major, minor, 0))!.IndexVersion;
        return created >= IndexVersion(9, 1) || (created >= IndexVersion(8, 19) && created < IndexVersion(9, 0));
    }

    /// <summary>
    /// <c>rescore_vector: {oversample}</c> in the index_options of quantized dense_vector fields and in knn
    /// searches (8.18 and 9.0+).
    /// </summary>
    public bool HasRescoreVector => Version.IsAtLeast(9, 0) || (Version.Major == 8 && Version.Minor >= 18);

    /// <summary>An oversample of 0 (rescoring turned off) in index_options (9.1+).</summary>
    public bool AcceptsZeroOversample => Version.IsAtLeast(9, 1);

    /// <summary><c>early_termination</c> in the index_options of HNSW dense_vector fields, false unless given (9.3+).</summary>
    public bool HasHnswEarlyTermination => Version.IsAtLeast(9, 3);

    /// <summary><c>element_type: bfloat16</c> on dense_vector fields (9.3+).</summary>
    public bool HasBFloat16Vectors => Version.IsAtLeast(9, 3);

    /// <summary>Vectors in documents given as base64 of big-endian float32 values (9.3+).</summary>
    public bool AcceptsBase64DocumentVectors => Version.IsAtLeast(9, 3);

    /// <summary>
    /// A knn <c>query_vector</c> given as a string may be base64 (of big-endian float32, or bfloat16 or
    /// bytes by the field's element type) as well as hex (9.4+); before, a string is hex bytes only.
    /// </summary>
    public bool AcceptsBase64QueryVectors => Version.IsAtLeast(9, 4);

    /// <summary>
    /// <c>_source.mode</c> in a mapping chooses the source mode (8.x, deprecated from 8.17 for the
    /// <c>index.mapping.source.mode</c> setting); on indices created on 9.x it is accepted and has no effect.
    /// </summary>
    public bool SourceModeInMappingTakesEffect => Version.Major < 9;

    /// <summary>
    /// The index_options type a float dense_vector field gets when none is given: int8_hnsw from 8.14,
    /// bbq_hnsw for 384 or more dimensions from 9.1.
    /// </summary>
    public string DefaultFloatIndexOptionsType(int? dims)
        => Version.IsAtLeast(9, 1) && dims >= 384 ? "bbq_hnsw" : "int8_hnsw";

    /// <summary>The profile of a presented version "X.Y.Z", or an error naming the versions implemented.</summary>
    public static VersionProfile For(string version)
    {
        var parsed = ElasticsearchVersion.TryParse(version);
        var release = parsed == null ? null : Array.Find(Releases, r => r.Version == parsed.Value);
        return release != null
            ? new VersionProfile(release)
            : throw new ArgumentException($"--es-version '{version}' is not a version this node presents; give one of {string.Join(", ", Supported)} (default {DefaultVersion}).");
    }

    public static IEnumerable<string> Supported => Releases.Select(r => r.Version.ToString());

    private sealed record ReleaseInfo(ElasticsearchVersion Version, string BuildHash, string BuildDate, string LuceneVersion, string MinimumWire, string MinimumIndex, int IndexVersion);
}
