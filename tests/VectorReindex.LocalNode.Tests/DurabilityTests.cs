using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

public sealed class DurabilityTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("localnode-test-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Restart_WithDataPath_ReplaysLogWithVersionsSeqNosMappingsAndAliases()
    {
        await using (var node = await TestNode.StartAsync(_data))
        {
            await node.PutAsync("/d", "{\"mappings\":{\"properties\":{\"v\":{\"type\":\"dense_vector\",\"dims\":2}}},\"aliases\":{\"da\":{}}}");
            await node.PutAsync("/d/_doc/1", "{\"v\":[1,2]}");
            await node.PutAsync("/d/_doc/1", "{\"v\":[3,4]}");
            await node.PutAsync("/d/_doc/2", "{\"v\":[5,6]}");
            await node.DeleteAsync("/d/_doc/2");
        }

        await using var restarted = await TestNode.StartAsync(_data);
        var (_, one) = await restarted.GetAsync("/da/_doc/1");
        var (_, two) = await restarted.GetAsync("/d/_doc/2");
        var (_, mapping) = await restarted.GetAsync("/d/_mapping");
        var (_, next) = await restarted.PutAsync("/d/_doc/3", "{\"v\":[7,8]}");

        Assert.Equal(2, (long)one!["_version"]!);
        Assert.Equal(1, (long)one["_seq_no"]!);
        Assert.Equal(3, (int)one["_source"]!["v"]![0]!);
        Assert.False((bool)two!["found"]!);
        Assert.Equal(2, (int)mapping!["d"]!["mappings"]!["properties"]!["v"]!["dims"]!);
        Assert.Equal(4, (long)next!["_seq_no"]!);
    }

    [Fact]
    public async Task Restart_AfterSnapshot_RecoversSnapshotPlusLaterLog()
    {
        await using (var node = await TestNode.StartAsync(_data))
        {
            await node.PutAsync("/s/_doc/1", "{\"a\":1}");
            node.Server.Snapshot();
            await node.PutAsync("/s/_doc/2", "{\"a\":2}");
        }

        await using var restarted = await TestNode.StartAsync(_data);
        var (_, count) = await restarted.GetAsync("/s/_count");

        Assert.Equal(2, (long)count!["count"]!);
        Assert.Single(Directory.GetFiles(_data, "snapshot-*.bin"));
    }

    [Fact]
    public async Task KillDashNine_DuringBulkLoad_KeepsEveryAcknowledgedItem()
    {
        var dll = typeof(LocalNodeServer).Assembly.Location;
        var acknowledged = new Dictionary<string, (long Version, long SeqNo)>();
        var inFlight = new HashSet<string>();
        using (var child = StartChild(dll, out var uri))
        {
            using var http = new HttpClient { BaseAddress = uri };
            var loading = Task.Run(async () =>
            {
                for (var batch = 0; ; batch++)
                {
                    var body = new StringBuilder();
                    lock (inFlight)
                    {
                        inFlight.Clear();
                        for (var i = 0; i < 100; i++)
                        {
                            var id = $"b{batch}-{i}";
                            inFlight.Add(id);
                            body.Append("{\"index\":{\"_index\":\"k\",\"_id\":\"").Append(id).Append("\"}}\n{\"n\":").Append(i).Append("}\n");
                        }
                    }
                    try
                    {
                        var response = await http.PostAsync("/_bulk", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
                        var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
                        lock (inFlight)
                        {
                            foreach (var item in items.Select(i => i!["index"]!).Where(i => (int)i["status"]! == 201))
                                acknowledged[(string)item["_id"]!] = ((long)item["_version"]!, (long)item["_seq_no"]!);
                            inFlight.Clear();
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return;
                    }
                }
            });
            await Task.Delay(1500);
            // On a busy machine the first bulk can take longer than that; kill only once one is acknowledged.
            for (var waited = 0; waited < 600 && !loading.IsCompleted; waited++)
            {
                lock (inFlight)
                    if (acknowledged.Count > 0)
                        break;
                await Task.Delay(100);
            }
            child.Kill();
            await child.WaitForExitAsync();
            await loading;
        }

        await using var restarted = await TestNode.StartAsync(_data);
        var (_, docs) = await restarted.PostAsync("/k/_mget", new JsonObject { ["ids"] = new JsonArray(acknowledged.Keys.Select(k => (JsonNode)k).ToArray()) }.ToJsonString());
        var found = docs!["docs"]!.AsArray().Where(d => (bool?)d!["found"] == true).ToDictionary(d => (string)d!["_id"]!, d => ((long)d!["_version"]!, (long)d["_seq_no"]!));

        Assert.NotEmpty(acknowledged);
        Assert.All(acknowledged, a => Assert.Equal(a.Value, found.GetValueOrDefault(a.Key)));
    }

    [Fact]
    public void LogRecordChecksum_IsCrc32Ieee_SoExistingDataDirectoriesStillRead()
    {
        // The standard check value of CRC-32 (IEEE 802.3, as zlib) for "123456789".
        Assert.Equal(0xCBF43926u, VectorReindex.LocalNode.Durability.Crc32.Compute("123456789"u8));
        Assert.Equal(0u, VectorReindex.LocalNode.Durability.Crc32.Compute(ReadOnlySpan<byte>.Empty));
    }

    private Process StartChild(string dll, out Uri uri)
    {
        var child = Process.Start(new ProcessStartInfo("dotnet", $"\"{dll}\" --port 0 --data \"{_data}\"") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var line = child.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the node printed nothing");
        var start = line.IndexOf("http://", StringComparison.Ordinal);
        uri = new Uri(line[start..line.IndexOf(' ', start)]);
        return child;
    }
}
