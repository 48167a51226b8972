using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Tests;

public sealed class SettingsResetTests
{
    [Fact]
    public async Task PutSettings_NullValue_ResetsToDefault()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        using var http = new HttpClient { BaseAddress = node.Uri };
        (await http.PutAsync("/reset-me", new StringContent("""{"settings":{"refresh_interval":"-1"}}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        using var put = await http.PutAsync("/reset-me/_settings", new StringContent("""{"index":{"refresh_interval":null}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var settings = JsonNode.Parse(await http.GetStringAsync("/reset-me/_settings"))!["reset-me"]!["settings"]!["index"]!;
        Assert.Null(settings["refresh_interval"]);
    }
}
