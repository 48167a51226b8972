using System.Text;
using VectorReindex.LocalNode.Shards;
using VectorReindex.LocalNode.Tests.Search;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Shards;

/// <summary>
/// A refresh adds one segment of what was written since the last one and masks replaced versions in
/// the older segments, which stay the same objects (their field indexes are never rebuilt); snapshots
/// taken earlier keep seeing what they saw.
/// </summary>
public sealed class SnapshotSegmentTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public SnapshotSegmentTests(LocalNodeFixture node)
    {
        _node = node;
    }

    [Fact]
    public async Task Refresh_AfterOverwritesAndDeletes_AddsOneSegmentAndMasksTheReplacedVersions()
    {
        var name = LocalNodeFixture.NewIndexName("seg");
        await _node.PutAsync($"/{name}", new { settings = new { number_of_shards = 1, refresh_interval = "-1" } });
        await _node.PostAsync($"/{name}/_bulk?refresh=true", Bulk(name, Enumerable.Range(0, 20).Select(i => (i, $"v1 {i}"))));
        var store = _node.Server.Engine.Cluster.Get(name)!.Shards[0];
        var before = store.Snapshot;

        await _node.PostAsync($"/{name}/_bulk?refresh=true", Bulk(name, new[] { (3, "v2 3"), (7, "v2 7"), (25, "v1 25"), (3, "v3 3") })
            + $"{{\"delete\":{{\"_index\":\"{name}\",\"_id\":\"5\"}}}}\n");
        var after = store.Snapshot;

        Assert.Single(before.Segments);
        Assert.Equal(2, after.Segments.Count);
        Assert.Same(before.Segments[0].Segment, after.Segments[0].Segment);
        Assert.Equal(20, before.Segments[0].Live.Count);
        Assert.Equal(17, after.Segments[0].Live.Count);
        Assert.Equal(3, after.Segments[1].Segment.Documents.Length);
        var expected = Enumerable.Range(0, 20).Where(i => i is not (3 or 5 or 7)).Select(i => i.ToString()).Concat(new[] { "7", "25", "3" }).ToList();
        Assert.Equal(expected, after.Documents.Select(d => d.Id).ToList());
        Assert.Equal(after.Documents.Select(d => d.SeqNo).Order().ToList(), after.Documents.Select(d => d.SeqNo).ToList());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString()).ToList(), before.Documents.Select(d => d.Id).ToList());
        Assert.Equal(new[] { 0, 1, 2 }, new[] { "7", "25", "3" }.Select(id => after.PositionOf(id) - after.Segments[1].Start));
    }

    [Fact]
    public async Task Refresh_ManyRoundsOfWrites_KeepsAtMostMaxSegmentsHoldingExactlyTheLiveDocuments()
    {
        var name = LocalNodeFixture.NewIndexName("segmerge");
        await _node.PutAsync($"/{name}", new { settings = new { number_of_shards = 1, refresh_interval = "-1" } });
        var store = _node.Server.Engine.Cluster.Get(name)!.Shards[0];
        var random = new Random(12);
        var live = new Dictionary<string, string>();
        for (var round = 0; round < 30; round++)
        {
            var writes = Enumerable.Range(0, random.Next(1, 30)).Select(_ => (random.Next(0, 60), $"r{round}")).ToList();
            var deletes = Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.Next(0, 60).ToString()).ToList();
            var body = new StringBuilder(Bulk(name, writes));
            foreach (var id in deletes)
                body.Append($"{{\"delete\":{{\"_index\":\"{name}\",\"_id\":\"{id}\"}}}}\n");
            await _node.PostAsync($"/{name}/_bulk?refresh=true", body.ToString());
            foreach (var (id, text) in writes)
                live[id.ToString()] = text;
            foreach (var id in deletes)
                live.Remove(id);

            var snapshot = store.Snapshot;
            Assert.InRange(snapshot.Segments.Count, 1, DocumentStore.MaxSegments);
            Assert.Equal(live.Keys.Order(StringComparer.Ordinal), snapshot.Documents.Select(d => d.Id).Order(StringComparer.Ordinal));
            Assert.Equal(snapshot.Documents.Select(d => d.SeqNo).Order().ToList(), snapshot.Documents.Select(d => d.SeqNo).ToList());
            var start = 0;
            foreach (var view in snapshot.Segments)
            {
                Assert.Equal(start, view.Start);
                Assert.True(view.Live.Count > 0);
                start += view.Live.Count;
            }
        }
        var count = await _node.PostAsync($"/{name}/_count", new { query = new { match = new { text = "r29" } } });
        Assert.Equal(live.Values.Count(v => v == "r29"), count["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Refresh_QuantizesOnlyTheNewSegment_AndTheSnapshotsPruningColumnIsItsSegmentsCodesByPosition()
    {
        const int dims = 16;
        var name = LocalNodeFixture.NewIndexName("segq");
        await _node.PutAsync($"/{name}", new
        {
            settings = new { number_of_shards = 1, refresh_interval = "-1" },
            mappings = new { properties = new { v = new { type = "dense_vector", dims, similarity = "l2_norm" } } },
        });
        var random = new Random(3);
        string Docs(IEnumerable<int> ids) => string.Concat(ids.Select(id =>
            $"{{\"index\":{{\"_index\":\"{name}\",\"_id\":\"{id}\"}}}}\n{{\"v\":[{string.Join(",", Enumerable.Range(0, dims).Select(_ => (random.NextDouble() * 4 - 2).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]}}\n"));
        await _node.PostAsync($"/{name}/_bulk?refresh=true", Docs(Enumerable.Range(0, 300)));
        var store = _node.Server.Engine.Cluster.Get(name)!.Shards[0];
        var first = SegmentVectors.For(store.Snapshot.Segments[0].Segment, "v").Quantized(dims);

        await _node.PostAsync($"/{name}/_bulk?refresh=true", Docs(new[] { 4, 9, 300, 301 }) + $"{{\"delete\":{{\"_index\":\"{name}\",\"_id\":\"17\"}}}}\n");
        var after = store.Snapshot;
        var column = VectorColumn.For(after, "v");
        var assembled = column.Quantized(dims);
        var direct = QuantizedColumn.Build(Enumerable.Range(0, column.Count).Select(column.Float).ToArray(), dims);

        Assert.Equal(2, after.Segments.Count);
        Assert.Same(first, SegmentVectors.For(after.Segments[0].Segment, "v").Quantized(dims));
        Assert.Equal(300 - 3 + 4, after.Documents.Count);
        var positions = Enumerable.Range(0, after.Documents.Count).ToList();
        Assert.Equal(positions.Select(p => direct.Codes(p).ToArray()), positions.Select(p => assembled.Codes(p).ToArray()));
        Assert.Equal(direct.Scales, assembled.Scales);
        Assert.Equal(direct.ResidualNorms, assembled.ResidualNorms);
    }

    private static string Bulk(string index, IEnumerable<(int Id, string Text)> docs)
        => string.Concat(docs.Select(d => $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"{d.Id}\"}}}}\n{{\"text\":\"{d.Text}\"}}\n"));
}
