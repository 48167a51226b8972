using System.Management.Automation;
using VectorReindex.Core.Connection;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Closes a cluster connection (the session default unless -Cluster names one) and forgets it as the default.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "VectorCluster")]
    [OutputType(typeof(void))]
    public sealed class DisconnectVectorClusterCommand : VectorReindexCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        [ClusterConnectionTransformation]
        [ArgumentCompleter(typeof(ConnectedClusterCompleter))]
        public ClusterConnection? Cluster { get; set; }

        protected override void ProcessRecord()
        {
            var connection = Cluster ?? SessionDefaults.Current;
            if (connection == null)
            {
                WriteVerbose("No cluster connection to close.");
                return;
            }
            SessionDefaults.Clear(connection);
            connection.Dispose();
            WriteVerbose($"Disconnected from {connection}.");
        }
    }
}
