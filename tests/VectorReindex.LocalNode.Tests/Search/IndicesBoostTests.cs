using System.Net;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

public sealed class IndicesBoostTests
{
    [Fact]
    public async Task Search_IndicesBoost_MultipliesScoresByTheFirstMatchingEntry()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/books-a/_doc/1?refresh=true", """{"title":"quick fox"}""");
        await node.PutAsync("/books-b/_doc/1?refresh=true", """{"title":"quick fox"}""");
        await node.PostAsync("/_aliases", """{"actions":[{"add":{"index":"books-b","alias":"bee"}}]}""");

        var plain = await node.PostAsync("/books-*/_search", """{"query":{"match":{"title":"quick"}}}""");
        var boosted = await node.PostAsync("/books-*/_search", """{"query":{"match":{"title":"quick"}},"indices_boost":[{"bee":3},{"books-*":2}]}""");
        var missing = await node.PostAsync("/books-*/_search", """{"indices_boost":[{"nothere":2}]}""");
        var objectForm = await node.PostAsync("/books-*/_search", """{"indices_boost":{"books-a":2}}""");

        var score = plain.Body!["hits"]!["hits"]![0]!["_score"]!.GetValue<double>();
        var hits = boosted.Body!["hits"]!["hits"]!.AsArray();
        Assert.Equal("books-b", hits[0]!["_index"]!.GetValue<string>());
        Assert.Equal(3 * score, hits[0]!["_score"]!.GetValue<double>(), 4);
        Assert.Equal(2 * score, hits[1]!["_score"]!.GetValue<double>(), 4);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.BadRequest, objectForm.Status);
    }
}
