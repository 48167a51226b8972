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
        // The node's default version (9.2 and later leave vectors out of _source): the module asks for them back.
        Node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
    }

    /// <summary>Runs <paramref name="script"/> after connecting to the fixture's node ($uri is set too).</summary>
    public ScriptResult RunConnected(string script, params (string Name, object? Value)[] variables)
    {
        var all = variables.ToDictionary(v => v.Name, v => v.Value);
        all["uri"] = Node.Uri;
        return Host.Run("Connect-VectorCluster -Uri $uri | Out-Null\n" + script, all);
    }

    public async Task DisposeAsync()
    {
        Host.Dispose();
        await Node.DisposeAsync();
    }
}
