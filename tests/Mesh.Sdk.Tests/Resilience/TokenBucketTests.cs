using Mesh.Sdk.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sdk.Tests.Resilience;

public sealed class TokenBucketTests
{
    [Fact]
    public void Refuses_beyond_its_burst_and_refills_each_interval()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(maxTokens: 3, tokensPerFill: 2, TimeSpan.FromSeconds(1), time);

        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => bucket.TryTake()));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(_ => bucket.TryTake()));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, Enumerable.Range(0, 5).Count(_ => bucket.TryTake()));
    }
}
