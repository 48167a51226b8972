namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// The Accept and Content-Type a connection sends, by the server's major version. The 9.x
    /// client asks for compatible-with=9, which every 8.x server rejects (media_type_header_exception),
    /// so against 8.x each request carries compatible-with=8 in both headers instead.
    /// </summary>
    public sealed class MediaTypes
    {
        private MediaTypes(string json, string ndjson, bool clientDefault)
        {
            Json = json;
            NdJson = ndjson;
            IsClientDefault = clientDefault;
        }

        /// <summary>Accept of every request, and Content-Type of JSON bodies.</summary>
        public string Json { get; }

        /// <summary>Content-Type of _bulk bodies.</summary>
        public string NdJson { get; }

        /// <summary>True when these are the client's own (the transport adds compatible-with for its major).</summary>
        public bool IsClientDefault { get; }

        public static readonly MediaTypes CompatibleWith8 = new MediaTypes(
            "application/vnd.elasticsearch+json; compatible-with=8", "application/vnd.elasticsearch+x-ndjson; compatible-with=8", clientDefault: false);

        /// <summary>The client's own vendor types; Elastic.Transport appends compatible-with=9.</summary>
        public static readonly MediaTypes Client = new MediaTypes(
            "application/vnd.elasticsearch+json", "application/vnd.elasticsearch+x-ndjson", clientDefault: true);

        /// <summary>Plain JSON: what every Elasticsearch version accepts (used to ask a server its version, and for a forced pre-8 server).</summary>
        public static readonly MediaTypes Plain = new MediaTypes("application/json", "application/x-ndjson", clientDefault: false);

        public static MediaTypes ForServerMajor(int major) => major == 8 ? CompatibleWith8 : major >= 9 ? Client : Plain;

        public override string ToString() => IsClientDefault ? "client default (" + Json + ")" : Json;
    }
}
