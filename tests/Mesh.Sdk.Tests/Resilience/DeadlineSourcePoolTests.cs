using Mesh.Sdk.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sdk.Tests.Resilience;

public sealed class DeadlineSourcePoolTests
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Hands_a_returned_source_to_the_next_renter_with_the_new_deadline()
    {
        var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var first = pool.Rent(Long);
        pool.Return(first);

        var second = pool.Rent(TimeSpan.FromMilliseconds(20));

        Assert.Same(first, second);
        await WhenCancelled(second);
    }

    [Fact]
    public async Task Never_hands_out_a_source_whose_deadline_fired()
    {
        var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var expired = pool.Rent(TimeSpan.FromMilliseconds(1));
        await WhenCancelled(expired);
        pool.Return(expired);

        var next = pool.Rent(Long);

        Assert.NotSame(expired, next);
        Assert.False(next.IsCancellationRequested);
    }

    [Fact]
    public async Task Drops_the_registrations_of_the_last_renter()
    {
        var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var source = pool.Rent(Long);
        var earlierCallCancelled = false;
        source.Token.Register(() => earlierCallCancelled = true);
        pool.Return(source);

        var reused = pool.Rent(TimeSpan.FromMilliseconds(1));
        await WhenCancelled(reused);

        Assert.Same(source, reused);
        Assert.False(earlierCallCancelled);
    }

    [Fact]
    public void Disposes_what_a_full_pool_cannot_keep()
    {
        var pool = new DeadlineSourcePool(TimeProvider.System, 1);
        var kept = pool.Rent(Long);
        var extra = pool.Rent(Long);
        pool.Return(kept);
        pool.Return(extra);

        Assert.Throws<ObjectDisposedException>(() => extra.CancelAfter(Long));
        Assert.Same(kept, pool.Rent(Long));
    }

    [Fact]
    public void Follows_a_test_clock_with_fresh_sources()
    {
        var time = new FakeTimeProvider();
        var pool = new DeadlineSourcePool(time, 4);
        var first = pool.Rent(TimeSpan.FromSeconds(1));
        pool.Return(first);

        var second = pool.Rent(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(second.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(second.IsCancellationRequested);
    }

    private static Task WhenCancelled(CancellationTokenSource source) =>
        Task.Delay(Timeout.InfiniteTimeSpan, source.Token).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
}
