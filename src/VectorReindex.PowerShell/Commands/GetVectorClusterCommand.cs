using System.Management.Automation;
using VectorReindex.Core.Connection;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Returns the session's default cluster connection, if there is one.</summary>
    [Cmdlet(VerbsCommon.Get, "VectorCluster")]
    [OutputType(typeof(ClusterConnection))]
    public sealed class GetVectorClusterCommand : VectorReindexCmdlet
    {
        protected override void ProcessRecord()
        {
            var connection = SessionDefaults.Current;
            if (connection != null) WriteObject(connection);
            else WriteVerbose("Not connected. Run Connect-VectorCluster -Uri <uri> first.");
        }
    }
}
