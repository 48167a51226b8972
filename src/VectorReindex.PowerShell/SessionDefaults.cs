using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using VectorReindex.Core.Connection;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// The cluster connections of each runspace: the default (what Connect-VectorCluster set last)
    /// and every connection opened since, which migration records find by cluster identity.
    /// Replacing the default never closes the previous connection (a migration object or a
    /// variable may still use it); Disconnect-VectorCluster or closing the runspace does.
    /// Keyed by runspace so parallel runspaces never share connections.
    /// </summary>
    internal static class SessionDefaults
    {
        private static readonly ConcurrentDictionary<Guid, Session> Sessions = new ConcurrentDictionary<Guid, Session>();

        public static ClusterConnection? Current
        {
            get
            {
                var session = CurrentSession();
                if (session == null) return null;
                lock (session) return session.Default is { IsOpen: true } c ? c : null;
            }
        }

        public static void Set(ClusterConnection connection)
        {
            var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace on this thread.");
            var session = Sessions.GetOrAdd(runspace.InstanceId, _ =>
            {
                runspace.StateChanged += OnRunspaceStateChanged;
                return new Session();
            });
            lock (session)
            {
                session.Default = connection;
                session.Open.Remove(connection);
                session.Open.Add(connection);
            }
        }

        /// <summary>
        /// An open connection to <paramref name="cluster"/>: the default when it is that cluster,
        /// else the newest one opened to it in this runspace; null when there is none.
        /// </summary>
        public static ClusterConnection? Find(ClusterIdentity cluster)
        {
            var session = CurrentSession();
            if (session == null) return null;
            lock (session)
            {
                if (session.Default is { IsOpen: true } d && cluster.IsSameCluster(d.Identity)) return d;
                return session.Open.LastOrDefault(c => c.IsOpen && cluster.IsSameCluster(c.Identity));
            }
        }

        /// <summary>
        /// The open connections of this runspace, oldest first and the default last (so it wins a
        /// lookup by identity): a snapshot Core can search from any thread.
        /// </summary>
        public static IReadOnlyList<ClusterConnection> OpenConnections()
        {
            var session = CurrentSession();
            if (session == null) return Array.Empty<ClusterConnection>();
            lock (session)
            {
                var open = session.Open.Where(c => c.IsOpen && !ReferenceEquals(c, session.Default)).ToList();
                if (session.Default is { IsOpen: true } d) open.Add(d);
                return open;
            }
        }

        /// <summary>
        /// The open connections of this runspace to a cluster whose name or uuid is <paramref name="nameOrUuid"/>
        /// (ordinal), in <see cref="OpenConnections"/> order: the last one is the one to use.
        /// </summary>
        public static IReadOnlyList<ClusterConnection> Named(string nameOrUuid) =>
            OpenConnections().Where(c => c.ClusterName == nameOrUuid || c.ClusterUuid == nameOrUuid).ToList();

        /// <summary>
        /// The connection a cluster name or uuid means: the newest open connection to it; null when there
        /// is none, or when clusters of different uuids share the name (<paramref name="uuids"/> lists them).
        /// </summary>
        public static ClusterConnection? ConnectionNamed(string nameOrUuid, out IReadOnlyList<string> uuids)
        {
            var matches = Named(nameOrUuid);
            uuids = matches.Select(c => c.ClusterUuid).Distinct().ToList();
            return uuids.Count == 1 ? matches[matches.Count - 1] : null;
        }

        /// <summary>Forgets <paramref name="connection"/> (the default one, when null) before it is closed.</summary>
        public static bool Clear(ClusterConnection? connection)
        {
            var session = CurrentSession();
            if (session == null) return false;
            lock (session)
            {
                connection ??= session.Default;
                if (connection == null) return false;
                if (ReferenceEquals(session.Default, connection)) session.Default = null;
                return session.Open.Remove(connection);
            }
        }

        private static Session? CurrentSession()
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace != null && Sessions.TryGetValue(runspace.InstanceId, out var session) ? session : null;
        }

        private static void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
        {
            if (sender is Runspace runspace && e.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken
                && Sessions.TryRemove(runspace.InstanceId, out var session))
            {
                runspace.StateChanged -= OnRunspaceStateChanged;
                List<ClusterConnection> open;
                lock (session) open = session.Open.ToList();
                foreach (var connection in open) connection.Dispose();
            }
        }

        private sealed class Session
        {
            public ClusterConnection? Default { get; set; }

            public List<ClusterConnection> Open { get; } = new List<ClusterConnection>();
        }
    }
}
