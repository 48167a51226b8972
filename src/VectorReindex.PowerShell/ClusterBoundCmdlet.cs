using System.Management.Automation;
using VectorReindex.Core.Connection;

namespace VectorReindex.PowerShell
{
    /// <summary>A cmdlet that works against a cluster: -Cluster, or the session default from Connect-VectorCluster.</summary>
    public abstract class ClusterBoundCmdlet : VectorReindexCmdlet
    {
        /// <summary>The cluster to use instead of the session default.</summary>
        [Parameter]
        [ValidateNotNull]
        public ClusterConnection? Cluster { get; set; }

        /// <summary>-Cluster, else the session default, else a terminating NotConnected error that says what to run.</summary>
        protected ClusterConnection ResolveCluster()
        {
            var connection = Cluster ?? SessionDefaults.Current;
            if (connection == null)
                ThrowTerminatingError(new ErrorRecord(
                    new PSInvalidOperationException("No cluster connection. Run 'Connect-VectorCluster -Uri https://<host>:9200' first, or pass -Cluster."),
                    "NotConnected", ErrorCategory.ConnectionError, null));
            return connection!;
        }
    }
}
