using System.Runtime.InteropServices;

namespace VectorReindex.LocalNode.Durability;

/// <summary>
/// Makes a directory's entries durable (fsync on the directory), so a rename or a newly created file
/// survives a power loss, not only the file's contents. POSIX gives no such promise for the file's own
/// fsync. Windows has no directory fsync (NTFS journals its metadata), so there it does nothing.
/// </summary>
internal static class DirectorySync
{
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        // .NET refuses to open a directory as a file, so this goes to libc.
        var fd = NativeMethods.open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
            throw new IOException($"cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (NativeMethods.fsync(fd) != 0)
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
