using VectorReindex.LocalNode;

namespace VectorReindex.PowerShell.Tests;

/// <summary>One runspace with the module imported and one in-process local node, shared by a test class.</summary>
public sealed class ModuleFixture : IAsyncLifetime
{
    public PowerShellHost Host { get; private set; } = null!;

    public LocalNodeServer Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = new PowerShellHost();
        Node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
    }

    public async Task DisposeAsync()
    {
        Host.Dispose();
        await Node.DisposeAsync();
    }
}
