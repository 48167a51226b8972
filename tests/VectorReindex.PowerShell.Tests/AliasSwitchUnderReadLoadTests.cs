using System.Text.Json.Nodes;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>Issue 5, acceptance 1: kNN readers on the alias in a tight loop see no error and never a missing alias during the switch or the rollback.</summary>
public sealed class AliasSwitchUnderReadLoadTests : IClassFixture<ModuleFixture>
{
    private const int Dims = 8;
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public AliasSwitchUnderReadLoadTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    /// <summary>Searches the alias until stopped; returns (queries, failures, hits seen per concrete index).</summary>
    private async Task<(int Queries, List<string> Failures, Dictionary<string, int> ByIndex)> ReadLoopAsync(string alias, CancellationToken ct)
    {
        var failures = new List<string>();
        var byIndex = new Dictionary<string, int>();
        var queries = 0;
        using var reader = new ClusterSeeder(_fixture.Node.Uri);
        var body = new JsonObject
        {
            ["size"] = 5,
            ["_source"] = false,
            ["knn"] = new JsonObject { ["field"] = "embedding", ["query_vector"] = PackagedCore.ToJson(ClusterSeeder.Vector(1, Dims)), ["k"] = 5, ["num_candidates"] = 50 },
        }.ToJsonString();
        while (!ct.IsCancellationRequested)
        {
            queries++;
            var response = await reader.SendAsync(HttpMethod.Post, $"/{alias}/_search", body, allowError: true);
            if (response?["error"] != null || response?["hits"] == null) { failures.Add(response?.ToJsonString() ?? "no response"); continue; }
            foreach (var hit in response["hits"]!["hits"]!.AsArray())
            {
                var index = hit!["_index"]!.ToString();
                byIndex[index] = byIndex.GetValueOrDefault(index) + 1;
            }
            if (response["hits"]!["hits"]!.AsArray().Count == 0) byIndex["(empty)"] = byIndex.GetValueOrDefault("(empty)") + 1;
        }
        return (queries, failures, byIndex);
    }

    [Fact]
    public async Task QuantizationSwitchAndRollback_ReadersSeeNoErrorAndNeverAMissingAlias()
    {
        var alias = "atomic-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, 300, Dims);

        using (var stop = new CancellationTokenSource())
        {
            var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => ReadLoopAsync(alias, stop.Token))).ToList();
            await Task.Delay(300);
            var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri | Out-Null\nNew-ShadowIndex -Alias $alias -IndexOptions @{ type = 'int8_hnsw' } | Switch-IndexAlias -Force",
                new Dictionary<string, object?> { ["uri"] = _fixture.Node.Uri, ["alias"] = alias }).AssertNoErrors();
            await Task.Delay(300);
            stop.Cancel();
            var outcomes = await Task.WhenAll(readers);

            Assert.Equal("CutOver", Assert.Single(result.Output).Properties["Phase"].Value.ToString());
            Assert.All(outcomes, o => Assert.Empty(o.Failures));
            Assert.True(outcomes.Sum(o => o.Queries) > 50);
            // The readers saw both sides of the switch: hits from the old index, then the (empty) new one.
            Assert.Contains(outcomes, o => o.ByIndex.ContainsKey(alias + "-v1"));
            Assert.Contains(outcomes, o => o.ByIndex.ContainsKey("(empty)"));
        }

        using (var stop = new CancellationTokenSource())
        {
            var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => ReadLoopAsync(alias, stop.Token))).ToList();
            await Task.Delay(300);
            _fixture.Host.Run("Connect-VectorCluster -Uri $uri | Out-Null\nSwitch-IndexAlias -Alias $alias -To ($alias + '-v1') -Force",
                new Dictionary<string, object?> { ["uri"] = _fixture.Node.Uri, ["alias"] = alias }).AssertNoErrors();
            await Task.Delay(300);
            stop.Cancel();
            var outcomes = await Task.WhenAll(readers);

            Assert.All(outcomes, o => Assert.Empty(o.Failures));
            Assert.Contains(outcomes, o => o.ByIndex.ContainsKey("(empty)"));
            Assert.Contains(outcomes, o => o.ByIndex.ContainsKey(alias + "-v1"));
            Assert.Equal(new[] { alias + "-v1" }, (await _seed.AliasAsync(alias)).Keys.ToArray());
        }
    }
}
