using System.Diagnostics;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sdk.Tests.Resilience;

public sealed class DeadlineSourcePoolTests
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);
    private static readonly TimeSpan Swept = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Hands_a_returned_source_to_the_next_renter_with_the_new_deadline()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var (first, firstLease) = Rent(pool, Long);
        firstLease.Release();

        var (second, _) = Rent(pool, TimeSpan.FromMilliseconds(20));

        Assert.Equal(first, second);
        await WhenCancelled(second);
    }

    [Fact]
    public async Task Never_hands_out_a_source_whose_deadline_fired()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var (expired, lease) = Rent(pool, TimeSpan.FromMilliseconds(1));
        await WhenCancelled(expired);
        lease.Release();

        var (next, _) = Rent(pool, Long);

        Assert.NotEqual(expired, next);
        Assert.False(next.IsCancellationRequested);
    }

    [Fact]
    public async Task Drops_the_registrations_of_the_last_renter()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var (source, lease) = Rent(pool, Long);
        var earlierCallCancelled = false;
        source.Register(() => earlierCallCancelled = true);
        lease.Release();

        var (reused, _) = Rent(pool, TimeSpan.FromMilliseconds(1));
        await WhenCancelled(reused);

        Assert.Equal(source, reused);
        Assert.False(earlierCallCancelled);
    }

    [Fact]
    public void Disposes_what_a_full_pool_cannot_keep()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 1);
        var (kept, keptLease) = Rent(pool, Long);
        var (extra, extraLease) = Rent(pool, Long);
        keptLease.Release();
        extraLease.Release();

        Assert.Throws<ObjectDisposedException>(() => extra.WaitHandle);
        Assert.Equal(kept, Rent(pool, Long).Source);
    }

    [Fact]
    public void Follows_a_test_clock_with_fresh_sources()
    {
        var time = new FakeTimeProvider();
        using var pool = new DeadlineSourcePool(time, 4);
        var (first, lease) = Rent(pool, TimeSpan.FromSeconds(1), time);
        lease.Release();

        var (second, _) = Rent(pool, TimeSpan.FromSeconds(5), time);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(second.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(second.IsCancellationRequested);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task The_sweep_cancels_a_long_deadline_on_time_and_not_before()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var clock = Stopwatch.StartNew();
        var (source, _) = Rent(pool, Swept);

        await WhenCancelled(source);

        Assert.InRange(clock.Elapsed, Swept, Swept + TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task The_sweep_leaves_a_released_try_alone_and_its_source_serves_the_next_one()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var (source, lease) = Rent(pool, Swept);
        lease.Release();
        var (reused, _) = Rent(pool, Long);

        await Task.Delay(Swept + TimeSpan.FromMilliseconds(200));

        Assert.Equal(source, reused);
        Assert.False(reused.IsCancellationRequested);
    }

    [Fact]
    public async Task A_stopped_deadline_is_not_swept()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        var (source, lease) = Rent(pool, Swept);
        lease.StopDeadline();

        await Task.Delay(Swept + TimeSpan.FromMilliseconds(200));

        Assert.False(source.IsCancellationRequested);
    }

    [Fact]
    public void A_stopped_deadline_gives_its_sweep_slot_to_the_next_try()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 1);
        var (_, streaming) = Rent(pool, Swept);
        Assert.Equal(0, streaming.SweepSlot);
        streaming.StopDeadline();

        var (_, next) = Rent(pool, Swept);
        streaming.Release();

        Assert.Equal(-1, streaming.SweepSlot);
        Assert.Equal(0, next.SweepSlot);
    }

    [Fact]
    public async Task The_sweep_starts_again_after_an_idle_spell()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 4);
        Rent(pool, Swept).Lease.Release();
        await Task.Delay(DeadlineSourcePool.SweepPeriod * 5);

        var (source, _) = Rent(pool, Swept);

        await WhenCancelled(source);
    }

    [Fact]
    public async Task A_deadline_beyond_the_sweeps_slots_keeps_its_own_timer()
    {
        using var pool = new DeadlineSourcePool(TimeProvider.System, 1);
        var (held, _) = Rent(pool, Long);
        var (overflow, lease) = Rent(pool, Swept);

        await WhenCancelled(overflow);

        Assert.Equal(-1, lease.SweepSlot);
        Assert.False(held.IsCancellationRequested);
    }

    // A try's deadline as the sender arms it; two tokens are equal when they come from the same source.
    private static (CancellationToken Source, CallLease Lease) Rent(DeadlineSourcePool pool, TimeSpan timeout, TimeProvider? time = null)
    {
        var endpoint = new EndpointState("catalog", "127.0.0.1", 80, EndpointLocality.Unknown, 1, Envoy.Config.Core.V3.HealthStatus.Healthy);
        var lease = new CallLease(endpoint, new CircuitBreaker(null, new ClusterCounters()), holdsConnection: false);
        return (lease.Arm(timeout, (time ?? TimeProvider.System).GetTimestamp(), pool, CancellationToken.None), lease);
    }

    private static Task WhenCancelled(CancellationToken token) =>
        Task.Delay(Timeout.InfiniteTimeSpan, token).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
}
