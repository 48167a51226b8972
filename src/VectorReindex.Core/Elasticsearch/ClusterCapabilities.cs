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

        // What a version defaults to or accepts in a create-index body: the shadow index planner
        // resolves the target's defaults explicitly from these and reports where they differ.

        /// <summary>
        /// The index_options type a float dense_vector field gets when none is given: hnsw before 8.14,
        /// int8_hnsw from 8.14, and from 9.1 bbq_hnsw for 384 dimensions or more.
        /// </summary>
        public string DefaultFloatIndexOptionsType(int? dims) =>
            Version.AtLeast(9, 1) && dims >= 384 ? "bbq_hnsw" : Version.AtLeast(8, 14) ? "int8_hnsw" : "hnsw";

        /// <summary>Whether a dense_vector index_options type exists on this version (int8 8.12, int4 8.15, bbq 8.16, bbq_disk 9.2).</summary>
        public bool KnowsIndexOptionsType(string type) => type switch
        {
            "hnsw" or "flat" => true,
            "int8_hnsw" or "int8_flat" => Version.AtLeast(8, 12),
            "int4_hnsw" or "int4_flat" => Version.AtLeast(8, 15),
            "bbq_hnsw" or "bbq_flat" => Version.AtLeast(8, 16),
            "bbq_disk" => Version.AtLeast(9, 2),
            _ => false,
        };

        /// <summary>How many times k a kNN query on a bbq field oversamples and rescores when neither mapping nor query says (9.1+: 3; before: none).</summary>
        public double DefaultBbqOversample => Version.AtLeast(9, 1) ? 3.0 : 0.0;

        /// <summary>The index.mapping.source.mode setting exists (8.17+); before, only the mapping's _source.mode chooses the source mode.</summary>
        public bool SourceModeSetting => Version.AtLeast(8, 17);

        /// <summary>The index.mapping.exclude_source_vectors setting exists (8.19, 9.1+).</summary>
        public bool ExcludeSourceVectorsSetting => VectorsInSource != VectorsInSource.Always;

        /// <summary>New indices leave dense vectors out of _source unless index.mapping.exclude_source_vectors is false (9.2+).</summary>
        public bool ExcludesSourceVectorsByDefault => Version.AtLeast(9, 2);

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
