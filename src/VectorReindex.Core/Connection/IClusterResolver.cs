namespace VectorReindex.Core.Connection
{
    /// <summary>
    /// Finds an open connection to a cluster by its identity: how a writer that knows only the old
    /// cluster reaches the new one a migration's <see cref="Migrations.SourceMarker"/> names. The host
    /// owns the connections (the PowerShell session, a program's own list: <see cref="ClusterDirectory"/>).
    /// </summary>
    public interface IClusterResolver
    {
        /// <summary>An open connection to <paramref name="cluster"/>, or null when the host has none.</summary>
        ClusterConnection? Find(ClusterIdentity cluster);
    }
}
