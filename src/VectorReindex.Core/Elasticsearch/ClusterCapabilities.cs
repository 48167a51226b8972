namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>How to ask a server for the dense vectors it may leave out of _source.</summary>
    public enum VectorsInSource
    {
        /// <summary>Vectors are always in _source (8.0-8.18, 9.0): nothing to ask.</summary>
        Always,

        /// <summary>8.19 and 9.1: the source filter takes <c>"_source": {"exclude_vectors": false}</c> in a search body.</summary>
        SourceFilterOption,

        /// <summary>9.2 and later (vectors left out by default): <c>_source_exclude_vectors=false</c>, and the source filter option.</summary>
        QueryParameter,
    }

    /// <summary>What a server version supports that the migration relies on, decided once at connect time.</summary>
    public sealed class ClusterCapabilities
    {
        private ClusterCapabilities(ServerVersion version)
        {
            Version = version;
            VectorsInSource = version.AtLeast(9, 2) ? VectorsInSource.QueryParameter
                : version.AtLeast(9, 1) || (version.Major == 8 && version.Minor >= 19) ? VectorsInSource.SourceFilterOption
                : VectorsInSource.Always;
            Base64Vectors = version.AtLeast(9, 3);
            BFloat16Vectors = version.AtLeast(9, 3);
            MediaTypes = MediaTypes.ForServerMajor(version.Major);
        }

        public ServerVersion Version { get; }

        public VectorsInSource VectorsInSource { get; }

        /// <summary>Dense vectors may be sent and returned base64-encoded (9.3+).</summary>
        public bool Base64Vectors { get; }

        /// <summary>dense_vector element_type bfloat16 (9.3+).</summary>
        public bool BFloat16Vectors { get; }

        /// <summary>The Accept/Content-Type every request to this server carries.</summary>
        public MediaTypes MediaTypes { get; }

        /// <summary>True when a read must ask for vectors or risk getting _source without them.</summary>
        public bool MustAskForVectors => VectorsInSource != VectorsInSource.Always;

        public static ClusterCapabilities For(ServerVersion version) => new ClusterCapabilities(version);

        public override string ToString() =>
            $"vectors in _source: {VectorsInSource}; base64 vectors: {(Base64Vectors ? "yes" : "no")}; bfloat16: {(BFloat16Vectors ? "yes" : "no")}; media types: {MediaTypes}";
    }
}
