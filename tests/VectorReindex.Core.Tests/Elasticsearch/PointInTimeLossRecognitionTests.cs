using System.Text;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Tests.Elasticsearch;

/// <summary>
/// Issue 14 ("recovery from a lost point in time never runs"): Elasticsearch reports a lost PIT as a
/// search_phase_execution_exception whose root cause is search_context_missing_exception; that, and
/// not only a top-level search_context_missing_exception, is a loss.
/// </summary>
public sealed class PointInTimeLossRecognitionTests
{
    // What Elasticsearch 8.x/9.x answers (404) to a search with the id of a PIT that expired or went with a restart.
    private const string LostPitBody = """
        {"error":{"root_cause":[{"type":"search_context_missing_exception","reason":"No search context found for id [1234]"}],
        "type":"search_phase_execution_exception","reason":"all shards failed","phase":"query","grouped":true,
        "failed_shards":[{"shard":-1,"index":null,"reason":{"type":"search_context_missing_exception","reason":"No search context found for id [1234]"}}],
        "caused_by":{"type":"search_context_missing_exception","reason":"No search context found for id [1234]"}},"status":404}
        """;

    private static ElasticsearchException Answer(int status, string body)
    {
        var (type, reason, rootCause) = ErrorBodyParser.Parse(Encoding.UTF8.GetBytes(body));
        return new ElasticsearchException("search failed", ElasticsearchFailure.ErrorResponse, "POST", "/_search", null, status, type, reason, rootCause);
    }

    [Fact]
    public void IsLost_SearchPhaseExecutionExceptionCausedBySearchContextMissing_IsALoss()
    {
        var ex = Answer(404, LostPitBody);

        Assert.Equal("search_phase_execution_exception", ex.ErrorType);
        Assert.True(PointInTimeLoss.IsLost(ex));
    }

    [Fact]
    public void IsLost_TheSameCauseUnderAnotherStatus_IsStillALoss()
    {
        // Some versions answer a partially failed PIT search with 500 and the same root cause.
        Assert.True(PointInTimeLoss.IsLost(Answer(500, LostPitBody)));
    }

    [Fact]
    public void IsLost_ABareSearchContextMissingException_IsALoss()
    {
        Assert.True(PointInTimeLoss.IsLost(Answer(404,
            """{"error":{"root_cause":[],"type":"search_context_missing_exception","reason":"No search context found for id [1]"},"status":404}""")));
    }

    [Theory]
    [InlineData(400, """{"error":{"root_cause":[{"type":"parsing_exception","reason":"unknown query [mtch]"}],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}""")]
    [InlineData(404, """{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [x]"}],"type":"index_not_found_exception","reason":"no such index [x]"},"status":404}""")]
    public void IsLost_OtherSearchFailures_AreNoLoss(int status, string body)
    {
        Assert.False(PointInTimeLoss.IsLost(Answer(status, body)));
    }
}
