using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Tests.Elasticsearch;

public sealed class RetryPolicyTests
{
    private static readonly RetrySettings Settings = new()
    {
        MaxRetries = 10,
        MaxRetryTime = TimeSpan.FromSeconds(5),
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(2),
    };

    [Theory]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(500, false)]
    public void IsRetriableStatus_OnlyOverloadAndGateway(int status, bool retriable) =>
        Assert.Equal(retriable, RetryPolicy.IsRetriableStatus(status));

    [Fact]
    public void NextDelay_GrowsExponentially_WithJitter_CappedAtMaxBackoff()
    {
        var low = new RetryPolicy(Settings, () => 0.0);
        var high = new RetryPolicy(Settings, () => 1.0);

        Assert.Equal(TimeSpan.FromMilliseconds(50), low.NextDelay(1, TimeSpan.Zero, null));
        Assert.Equal(TimeSpan.FromMilliseconds(100), high.NextDelay(1, TimeSpan.Zero, null));
        Assert.Equal(TimeSpan.FromMilliseconds(400), high.NextDelay(3, TimeSpan.Zero, null));
        Assert.Equal(TimeSpan.FromSeconds(2), high.NextDelay(9, TimeSpan.Zero, null));
    }

    [Fact]
    public void NextDelay_PastMaxRetriesOrBudget_IsNull()
    {
        var policy = new RetryPolicy(Settings, () => 0.5);

        Assert.Null(policy.NextDelay(11, TimeSpan.Zero, null));
        Assert.Null(policy.NextDelay(2, TimeSpan.FromSeconds(5), null));
        Assert.Null(policy.NextDelay(1, TimeSpan.Zero, null, maxRetries: 0));
    }

    [Fact]
    public void NextDelay_RetryAfterLongerThanBudget_IsNull()
    {
        var policy = new RetryPolicy(Settings, () => 0.5);

        Assert.Null(policy.NextDelay(1, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.NextDelay(1, TimeSpan.Zero, TimeSpan.FromSeconds(3)));
    }

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData(" 0 ", 0.0)]
    [InlineData("soon", null)]
    [InlineData("", null)]
    public void ParseRetryAfter_DeltaSeconds(string header, double? seconds) =>
        Assert.Equal(seconds.HasValue ? TimeSpan.FromSeconds(seconds.Value) : (TimeSpan?)null, RetryPolicy.ParseRetryAfter(header));

    [Fact]
    public void ParseRetryAfter_HttpDate_IsTheWaitUntilThen()
    {
        var wait = RetryPolicy.ParseRetryAfter(DateTimeOffset.UtcNow.AddSeconds(30).ToString("r", System.Globalization.CultureInfo.InvariantCulture));

        Assert.InRange(wait!.Value.TotalSeconds, 25, 31);
    }

    [Fact]
    public void TotalBackoff_OverAllRetries_NeverExceedsMaxRetryTime()
    {
        var policy = new RetryPolicy(Settings, () => 1.0);
        var waited = TimeSpan.Zero;
        var retries = 0;
        for (var retry = 1; ; retry++)
        {
            var delay = policy.NextDelay(retry, waited, null);
            if (delay == null) break;
            waited += delay.Value;
            retries++;
        }

        Assert.True(waited <= Settings.MaxRetryTime, $"waited {waited}");
        Assert.True(retries <= Settings.MaxRetries);
        Assert.True(retries >= 3);
    }
}
