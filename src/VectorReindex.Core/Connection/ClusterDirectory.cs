using System.Collections.Generic;
using System.Linq;

namespace VectorReindex.Core.Connection
{
    /// <summary>A fixed list of connections a program holds, searched by cluster identity (the newest open one first).</summary>
    public sealed class ClusterDirectory : IClusterResolver
    {
        private readonly IReadOnlyList<ClusterConnection> _connections;

        public ClusterDirectory(params ClusterConnection[] connections) => _connections = connections.ToList();

        public ClusterConnection? Find(ClusterIdentity cluster) =>
            _connections.LastOrDefault(c => c.IsOpen && cluster.IsSameCluster(c.Identity));
    }
}
