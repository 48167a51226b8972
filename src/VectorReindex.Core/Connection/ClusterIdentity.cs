using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace VectorReindex.Core.Connection
{
    /// <summary>
    /// Which cluster a migration's index lives on: what a record stores instead of a live
    /// connection, so whoever holds the record finds a connection to the same cluster by it.
    /// </summary>
    public sealed class ClusterIdentity : IEquatable<ClusterIdentity>
    {
        private const string Unknown = "unknown";

        [JsonConstructor]
        public ClusterIdentity(string name, string uuid, IReadOnlyList<string> uris)
        {
            Name = name ?? Unknown;
            Uuid = uuid ?? Unknown;
            Uris = uris ?? Array.Empty<string>();
        }

        /// <summary>cluster_name from GET /.</summary>
        public string Name { get; }

        /// <summary>cluster_uuid from GET /: the same for every node of a cluster, different for every cluster.</summary>
        public string Uuid { get; }

        /// <summary>The node addresses the connection was made to (never with credentials).</summary>
        public IReadOnlyList<string> Uris { get; }

        /// <summary>
        /// True when <paramref name="other"/> is the same cluster: by uuid when both know it (a
        /// cluster's uuid never changes), otherwise by name and a shared node address.
        /// </summary>
        public bool IsSameCluster(ClusterIdentity? other)
        {
            if (other == null) return false;
            if (Uuid != Unknown && other.Uuid != Unknown) return Uuid == other.Uuid;
            return Name == other.Name && Uris.Intersect(other.Uris, StringComparer.OrdinalIgnoreCase).Any();
        }

        public bool Equals(ClusterIdentity? other) =>
            other != null && Name == other.Name && Uuid == other.Uuid && Uris.SequenceEqual(other.Uris);

        public override bool Equals(object? obj) => Equals(obj as ClusterIdentity);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uuid);

        public override string ToString() => $"{Name} (uuid {Uuid}) at {(Uris.Count == 0 ? "no known address" : string.Join(", ", Uris))}";
    }
}
