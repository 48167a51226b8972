namespace VectorReindex.Core.Http
{
    /// <summary>The body of <c>GET /</c>.</summary>
    public sealed class RootInfoResponse
    {
        public string? Name { get; set; }
        public string? ClusterName { get; set; }
        public string? ClusterUuid { get; set; }
        public RootVersion? Version { get; set; }
        public string? Tagline { get; set; }
    }

    public sealed class RootVersion
    {
        public string? Number { get; set; }
        public string? BuildFlavor { get; set; }
    }
}
