using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// A cmdlet that works against a cluster: -Cluster, or the session default from
    /// Connect-VectorCluster; for a migration record, the session's connection to the clusters it names.
    /// </summary>
    public abstract class ClusterBoundCmdlet : VectorReindexCmdlet
    {
        /// <summary>The cluster to use instead of the session default (or the one a migration names).</summary>
        [Parameter]
        [ValidateNotNull]
        [ClusterConnectionTransformation]
        [ArgumentCompleter(typeof(ConnectedClusterCompleter))]
        public ClusterConnection? Cluster { get; set; }

        /// <summary>-Cluster, else the session default, else a terminating NotConnected error that says what to run.</summary>
        protected ClusterConnection ResolveCluster()
        {
            var connection = Cluster ?? SessionDefaults.Current;
            if (connection == null)
                ThrowTerminatingError(ErrorCatalogue.Create(ErrorCatalogue.NotConnected,
                    new PSInvalidOperationException("There is no open cluster connection in this session."), null));
            if (!connection!.IsOpen)
                ThrowTerminatingError(ErrorCatalogue.ClusterNotConnectedFor(connection.Identity, "The connection given with -Cluster"));
            return connection;
        }

        /// <summary><paramref name="connection"/> when it is still open, else a terminating ClusterNotConnected error naming <paramref name="what"/>.</summary>
        protected ClusterConnection RequireOpen(ClusterConnection connection, string what)
        {
            if (!connection.IsOpen)
                ThrowTerminatingError(ErrorCatalogue.ClusterNotConnectedFor(connection.Identity, what));
            return connection;
        }

        /// <summary>
        /// The session's open connections (and -Cluster, which wins), for Core to find a migration's
        /// other cluster by identity: taken on the pipeline thread, searched from any.
        /// </summary>
        protected IClusterResolver SessionClusters()
        {
            var connections = SessionDefaults.OpenConnections().ToList();
            if (Cluster != null) connections.Add(Cluster);
            return new ClusterDirectory(connections.ToArray());
        }

        /// <summary>The engine over the session default (or -Cluster).</summary>
        protected MigrationEngine CreateEngine() => new MigrationEngine(ResolveCluster());

        /// <summary>
        /// The engine over the clusters <paramref name="migration"/> names, found in the session by
        /// identity. -Cluster overrides the target (where the record lives); the source of a migration
        /// that moved clusters is still its own cluster (-Cluster only when it is that one), so a stage
        /// never reads or write-blocks the source index on the target cluster.
        /// </summary>
        protected MigrationEngine CreateEngine(VectorMigration migration)
        {
            var target = ResolveCluster(migration.TargetCluster, migration);
            var source = migration.SourceCluster == null || migration.SourceCluster.IsSameCluster(target.Identity)
                ? target
                : Cluster != null && migration.SourceCluster.IsSameCluster(Cluster.Identity) ? Cluster : FindCluster(migration.SourceCluster, migration);
            return new MigrationEngine(source, target);
        }

        private ClusterConnection ResolveCluster(ClusterIdentity? cluster, VectorMigration migration)
        {
            if (cluster == null || Cluster != null) return ResolveCluster();
            return FindCluster(cluster, migration);
        }

        private ClusterConnection FindCluster(ClusterIdentity cluster, VectorMigration migration)
        {
            var connection = SessionDefaults.Find(cluster);
            if (connection == null)
                ThrowTerminatingError(ErrorCatalogue.ClusterNotConnectedFor(cluster, $"Migration {migration}"));
            return connection!;
        }
    }
}
