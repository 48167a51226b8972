using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>
/// Issue 11, acceptance 4: a migration object names its clusters, it does not hold their
/// connections, so replacing the session's default connection leaves it usable.
/// </summary>
public sealed class ReconnectTests : IClassFixture<ModuleFixture>
{
    private const int Dims = 8;
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public ReconnectTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    [Fact]
    public async Task MigrationObject_AfterConnectReplacesTheDefault_BackfillsOnTheSameCluster()
    {
        const int documents = 300;
        var alias = "reconnect-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims);

        var result = _fixture.RunConnected("""
            $m = New-ShadowIndex -Alias $alias
            Connect-VectorCluster -Uri $uri | Out-Null
            $m | Start-Backfill -BatchSize 100
            """, ("alias", alias)).AssertNoErrors();

        var migration = Assert.Single(result.Output);
        Assert.True((bool)((dynamic)migration.Properties["Backfill"].Value).IsComplete);
        Assert.Equal(documents, await _seed.CountAsync(alias + "-v2"));
    }

    [Fact]
    public async Task MigrationObject_AfterDisconnectingItsCluster_StopsWithClusterNotConnected()
    {
        var alias = "orphan-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, 10, Dims);

        // A runspace of its own: the only connection it ever opened is the one it closes.
        using var host = new PowerShellHost();
        var result = host.Run("""
            Connect-VectorCluster -Uri $uri | Out-Null
            $m = New-ShadowIndex -Alias $alias
            Get-VectorCluster | Disconnect-VectorCluster
            $m | Start-Backfill
            """, new Dictionary<string, object?> { ["uri"] = _fixture.Node.Uri, ["alias"] = alias });

        Assert.Equal("ClusterNotConnected,VectorReindex.PowerShell.Commands.StartBackfillCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains(_fixture.Node.Uri.Authority, result.TerminatingError!.Exception.Message);
        Assert.Contains("Connect-VectorCluster", result.TerminatingError.ErrorDetails?.RecommendedAction);
    }
}
