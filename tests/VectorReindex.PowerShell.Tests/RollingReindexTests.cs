using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>Invoke-RollingReindex: cancelled in the backfill, then in the delta, it finishes the same migration.</summary>
public sealed class RollingReindexTests : IClassFixture<ModuleFixture>
{
    private const int Dims = 8;
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public RollingReindexTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    private Dictionary<string, object?> Vars(string alias) => new() { ["uri"] = _fixture.Node.Uri, ["alias"] = alias };

    private async Task<string?> PhaseAsync(string alias)
    {
        var mapping = await _seed.SendAsync(HttpMethod.Get, $"/{alias}-v2/_mapping", allowError: true);
        return mapping?[alias + "-v2"]?["mappings"]?["_meta"]?["vectorreindex"]?["phase"]?.ToString();
    }

    private async Task RunUntilAsync(string alias, string command, Func<Task<bool>> stopWhen)
    {
        using var ps = _fixture.Host.Create("Connect-VectorCluster -Uri $uri | Out-Null\n" + command, Vars(alias));
        var invocation = ps.BeginInvoke();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!invocation.IsCompleted && !await stopWhen() && DateTime.UtcNow < deadline) await Task.Delay(20);
        ps.Stop();
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
    }

    [Fact]
    public async Task CancelledInBackfillThenInDelta_RerunsFinishTheSameMigration()
    {
        const int documents = 3000;
        var alias = "rolling-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims);
        const string command = "Invoke-RollingReindex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField title -BatchSize 100 -Slices 2 -MaxDocsPerSecond 1500";

        // 1. Stop it in the backfill.
        await RunUntilAsync(alias, command, async () => await PhaseAsync(alias) == "Backfilling" && await _seed.CountAsync(alias + "-v2") > 300);
        Assert.Equal("Backfilling", await PhaseAsync(alias));

        // Changes the dual-writers did not see, so the delta has work; and a slow cluster, so it takes a while.
        var bulk = new StringBuilder();
        for (var n = 0; n < 600; n++)
            bulk.Append($$$"""{"update":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n * 5}}}"}}""").Append('\n').Append("""{"doc":{"price":999}}""").Append('\n');
        await _seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");
        await _seed.SendAsync(HttpMethod.Put, "/_localnode/faults", """{"latency_ms":40}""");
        try
        {
            // 2. Rerun; stop it in the delta.
            await RunUntilAsync(alias, command, async () => await PhaseAsync(alias) == "Syncing");
            Assert.Equal("Syncing", await PhaseAsync(alias));
        }
        finally
        {
            await _seed.SendAsync(HttpMethod.Delete, "/_localnode/faults");
        }

        // 3. Rerun to the end.
        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri | Out-Null\n" + command, Vars(alias)).AssertNoErrors();

        var report = Assert.Single(result.Output);
        Assert.True((bool)report.Properties["Resumed"].Value);
        Assert.Equal(alias + "-v2", report.Properties["Target"].Value);
        Assert.Equal(new[] { alias + "-v2" }, (await _seed.AliasAsync(alias)).Keys.ToArray());
        Assert.Equal("CutOver", await PhaseAsync(alias));
        Assert.False((await _seed.SendAsync(HttpMethod.Get, $"/{alias}-v3", allowError: true))?["error"] is null, "a second shadow index was created");
        Assert.Empty(await IndexComparison.DifferencesAsync(_seed, alias + "-v1", alias + "-v2", documents, PackagedCore.HashingEmbedder(16)));
    }
}
