namespace VectorReindex.LocalNode;

/// <summary>
/// The node cannot start, for a reason the operator can fix: a damaged or unreadable data directory,
/// a taken port, an address it cannot bind. The message is one line that names the cause and the fix;
/// the command line prints it and exits with status 2.
/// </summary>
public sealed class LocalNodeStartupException : Exception
{
    public LocalNodeStartupException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
