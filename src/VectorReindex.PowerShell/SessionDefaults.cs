using System;
using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using VectorReindex.Core.Connection;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// The default cluster connection of each runspace (what Connect-VectorCluster sets).
    /// Keyed by runspace so parallel runspaces never share a default; dropped when one closes.
    /// </summary>
    internal static class SessionDefaults
    {
        private static readonly ConcurrentDictionary<Guid, ClusterConnection> Connections = new ConcurrentDictionary<Guid, ClusterConnection>();

        public static ClusterConnection? Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace != null && Connections.TryGetValue(runspace.InstanceId, out var c) ? c : null;
            }
        }

        public static void Set(ClusterConnection connection)
        {
            var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace on this thread.");
            if (Connections.TryGetValue(runspace.InstanceId, out var previous) && !ReferenceEquals(previous, connection))
                previous.Dispose();
            if (Connections.TryAdd(runspace.InstanceId, connection))
                runspace.StateChanged += OnRunspaceStateChanged;
            else
                Connections[runspace.InstanceId] = connection;
        }

        /// <summary>Forgets the default when it is <paramref name="connection"/> (or any, when null).</summary>
        public static bool Clear(ClusterConnection? connection)
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null || !Connections.TryGetValue(runspace.InstanceId, out var current)) return false;
            if (connection != null && !ReferenceEquals(current, connection)) return false;
            return Connections.TryRemove(runspace.InstanceId, out _);
        }

        private static void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
        {
            if (sender is Runspace runspace && e.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken
                && Connections.TryRemove(runspace.InstanceId, out var connection))
            {
                runspace.StateChanged -= OnRunspaceStateChanged;
                connection.Dispose();
            }
        }
    }
}
