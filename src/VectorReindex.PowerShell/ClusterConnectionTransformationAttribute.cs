using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.Connection;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Lets a cluster parameter take the name (or uuid) of a cluster this session is connected to, as
    /// tab completion offers it (<see cref="ConnectedClusterCompleter"/>): the newest open connection to
    /// it, the default first. A connection object passes through unchanged.
    /// </summary>
    public sealed class ClusterConnectionTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is not string name) return inputData;
            var connection = SessionDefaults.ConnectionNamed(name, out var uuids);
            if (uuids.Count == 0)
                throw new ArgumentTransformationMetadataException(
                    $"This session has no open connection to a cluster named '{name}' (or with that uuid). Connect to it with Connect-VectorCluster, or pass a connection object (Get-VectorCluster).");
            return connection ?? throw new ArgumentTransformationMetadataException(
                $"This session is connected to {uuids.Count} clusters named '{name}' (uuids {string.Join(", ", uuids)}). Pass the uuid of the one to use, or its connection object.");
        }
    }
}
