using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>Sort values of date and date_nanos fields: their units, the sort's format and search_after given as text.</summary>
public sealed class DateSortTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public DateSortTests(LocalNodeFixture node)
    {
        _node = node;
    }

    private async Task<string> SeedAsync(string type, string format, params string[] timestamps)
    {
        var index = LocalNodeFixture.NewIndexName("dates");
        await _node.PutAsync($"/{index}", new { mappings = new { properties = new { timestamp = new { type, format } } } });
        var bulk = string.Concat(timestamps.Select(t => $"{{\"index\":{{\"_index\":\"{index}\"}}}}\n{{\"timestamp\":\"{t}\"}}\n"));
        await _node.PostAsync("/_bulk?refresh=true", bulk);
        return index;
    }

    private static JsonArray Hits(JsonObject response) => response["hits"]!["hits"]!.AsArray();

    [Fact]
    public async Task Sort_DateNanosField_SortValueIsEpochNanoseconds()
    {
        var index = await SeedAsync("date_nanos", "yyyy-MM-dd HH:mm:ss.SSSSSS", "2019-10-21 00:30:04.828740", "2019-10-21 08:30:04.828733");

        var response = await _node.PostAsync($"/{index}/_search", JsonContent(new JsonObject { ["size"] = 1, ["sort"] = new JsonArray(new JsonObject { ["timestamp"] = "desc" }) }));

        Assert.Equal(1571646604828733000L, Hits(response)[0]!["sort"]![0]!.GetValue<long>());
    }

    [Fact]
    public async Task SearchAfter_DateNanosAsMappedText_ParsesWithTheMappingFormat()
    {
        var index = await SeedAsync("date_nanos", "yyyy-MM-dd HH:mm:ss.SSSSSS", "2019-10-21 00:30:04.828740", "2019-10-21 08:30:04.828733");

        var response = await _node.PostAsync($"/{index}/_search", JsonContent(new JsonObject
        {
            ["size"] = 1,
            ["sort"] = new JsonArray(new JsonObject { ["timestamp"] = "desc" }),
            ["search_after"] = new JsonArray("2019-10-21 08:30:04.828733"),
        }));

        Assert.Equal(1571617804828740000L, Hits(response)[0]!["sort"]![0]!.GetValue<long>());
    }

    [Fact]
    public async Task Sort_WithFormat_ShowsAndReadsTheFormattedValue()
    {
        var index = await SeedAsync("date", "yyyy-MM-dd HH:mm:ss.SSS", "2021-10-13 00:30:04.828", "2021-06-11 04:30:04.828", "2021-02-11 08:30:04.828");
        var body = new JsonObject { ["size"] = 1, ["sort"] = new JsonArray(new JsonObject { ["timestamp"] = new JsonObject { ["order"] = "asc", ["format"] = "yyyy-MM-dd | HH:mm:ss.SSS" } }) };

        var first = await _node.PostAsync($"/{index}/_search", JsonContent(body));
        body["search_after"] = Hits(first)[0]!["sort"]!.DeepClone();
        var second = await _node.PostAsync($"/{index}/_search", JsonContent(body));

        Assert.Equal("2021-02-11 | 08:30:04.828", Hits(first)[0]!["sort"]![0]!.GetValue<string>());
        Assert.Equal("2021-06-11 | 04:30:04.828", Hits(second)[0]!["sort"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Sort_NumericTypeDateNanos_SortsDateAndDateNanosIndicesTogether()
    {
        var millis = await SeedAsync("date", "yyyy-MM-dd HH:mm:ss.SSS", "2021-02-11 08:30:04.828");
        var nanos = await SeedAsync("date_nanos", "dd/MM/yyyy HH:mm:ss.SSS", "15/04/2021 06:30:04.821", "20/01/2021 05:30:04.832");
        var sort = new JsonArray(new JsonObject { ["timestamp"] = new JsonObject { ["order"] = "asc", ["format"] = "strict_date_optional_time_nanos", ["numeric_type"] = "date_nanos" } });

        var response = await _node.PostAsync($"/{millis},{nanos}/_search", JsonContent(new JsonObject { ["sort"] = sort }));

        Assert.Equal(new[] { "2021-01-20T05:30:04.832Z", "2021-02-11T08:30:04.828Z", "2021-04-15T06:30:04.821Z" },
            Hits(response).Select(h => h!["sort"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task SearchAfter_TextNotInTheSortFormat_IsParseException()
    {
        var index = await SeedAsync("date", "yyyy-MM-dd HH:mm:ss.SSS", "2021-02-11 08:30:04.828");

        var response = await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", JsonContent(new JsonObject
        {
            ["sort"] = new JsonArray(new JsonObject { ["timestamp"] = new JsonObject { ["format"] = "epoch_millis" } }),
            ["search_after"] = new JsonArray("2021-02-11T08:30:04.828Z"),
        }), ensureSuccess: false);

        Assert.Equal(400, response["__status"]!.GetValue<int>());
        Assert.Equal("parse_exception", response["error"]!["type"]!.GetValue<string>());
        Assert.Contains("failed to parse date field [2021-02-11T08:30:04.828Z] with format [epoch_millis]", response["error"]!["reason"]!.GetValue<string>());
    }

    private static object JsonContent(JsonObject body) => JsonSerializer.Deserialize<JsonElement>(body.ToJsonString());
}
