using System.Text.Json.Nodes;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Tests.Delta;
using VectorReindex.Core.Tests.Engine;

namespace VectorReindex.Core.Tests.Metadata;

/// <summary>Issue 14, build 6 for Set-IndexMetadata -Query: the walk over the matches survives a node restart between its pages.</summary>
public sealed class MetadataPointInTimeLossTests
{
    [Fact]
    public async Task UpdateMatching_WhenTheNodeRestartsBetweenPages_ReopensThePointInTime_AndUpdatesEveryRoutedDocumentInBothIndexes()
    {
        await using var m = await RestartedNodeMigration.StartAsync("metadata-restart");
        var engine = m.Engine;
        var updater = await engine.OpenMetadataUpdateAsync(new MetadataUpdateOptions { Index = m.Alias, Set = new JsonObject { ["tags"] = new JsonArray("after-restart") } },
            MigrationObserver.None, default);
        Task? startingAgain = null;
        // After the first batch of ids: the node goes down and comes back without the walk's point in time.
        var observer = new RecordingObserver(_ =>
        {
            startingAgain ??= m.Node.StopThenStartAfterAsync(TimeSpan.FromMilliseconds(500)).GetAwaiter().GetResult();
        });

        var walked = await engine.UpdateMatchingAsync(updater, null, 2000, observer, default);
        await startingAgain!;

        Assert.Equal(1, m.Node.Restarts);
        Assert.True(walked >= RestartedNodeMigration.Documents, $"{walked} ids walked of {RestartedNodeMigration.Documents}");
        Assert.Equal(0L, updater.Summary.Failed);
        Assert.Equal(0L, updater.Summary.Missing);
        foreach (var index in new[] { m.Alias + "-v1", m.Alias + "-v2" })
        {
            await m.Seed.SendAsync(HttpMethod.Post, $"/{index}/_refresh");
            var tagged = await m.Seed.SendAsync(HttpMethod.Post, $"/{index}/_count", """{"query":{"term":{"tags":"after-restart"}}}""");
            Assert.Equal((long)RestartedNodeMigration.Documents, tagged!["count"]!.GetValue<long>());
        }
    }
}
