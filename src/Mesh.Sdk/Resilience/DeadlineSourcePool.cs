namespace Mesh.Sdk.Resilience;

/// <summary>
/// The per-try deadlines of one mesh handler.
/// <list type="bullet">
/// <item>Sources are reused: a source whose deadline did not fire is reset and handed to the next try, so a call
/// pays neither for a new source nor for the registrations the inner handler makes on its token. A source that
/// fired, or that finds the pool full, is disposed.</item>
/// <item>A deadline of <see cref="SweptFrom"/> or more (the default route timeout is 15 s) sets no timer: one sweep
/// every <see cref="SweepPeriod"/> cancels the tries whose deadline has passed, so such a deadline fires up to
/// 10 ms late, under 1 % of it. The sweep runs only while such a try is in flight. Shorter deadlines, and any
/// beyond <c>capacity</c> tries in flight, keep a timer of their own.</item>
/// <item>Only the system clock's timers can be reset, so with any other <see cref="TimeProvider"/> (a test's)
/// every source is fresh and keeps its own timer.</item>
/// </list>
/// </summary>
internal sealed class DeadlineSourcePool : IDisposable
{
    /// <summary>The shortest deadline the sweep keeps.</summary>
    public static readonly TimeSpan SweptFrom = TimeSpan.FromSeconds(1);

    /// <summary>How often the sweep looks for passed deadlines while any is pending.</summary>
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(10);

    private readonly CancellationTokenSource?[] _sources;
    private readonly CallLease?[] _swept;
    private readonly TimeProvider _time;
    private readonly bool _systemClock;
    private readonly Lock _gate = new();
    private readonly ITimer? _sweeper;
    private int _sweeping;
    private int _nextSlot;

    public DeadlineSourcePool(TimeProvider time, int capacity)
    {
        _time = time;
        _systemClock = time == TimeProvider.System;
        _sources = new CancellationTokenSource?[capacity];
        _swept = new CallLease?[capacity];
        _sweeper = _systemClock ? time.CreateTimer(static state => ((DeadlineSourcePool)state!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) : null;
    }

    /// <summary>
    /// A source that cancels <paramref name="timeout"/> after <paramref name="now"/> (a timestamp of this pool's
    /// clock), for <paramref name="lease"/>, which the sweep expires when it keeps the deadline.
    /// </summary>
    public CancellationTokenSource Rent(TimeSpan timeout, long now, CallLease lease)
    {
        if (!_systemClock)
        {
            return new CancellationTokenSource(timeout, _time);
        }

        var source = TakePooled() ?? new CancellationTokenSource();
        if (timeout < SweptFrom || !Track(lease, now + Ticks(timeout)))
        {
            source.CancelAfter(timeout);
        }

        return source;
    }

    /// <summary>
    /// Gives <paramref name="source"/> back once <paramref name="lease"/> no longer needs it; it must not be used
    /// by its last renter afterwards. A source the sweep cancelled, or may be cancelling, is left alone.
    /// </summary>
    public void Return(CancellationTokenSource source, CallLease lease, bool reusable)
    {
        if (lease.SweepSlot >= 0)
        {
            Untrack(lease);
        }

        if (!reusable)
        {
            return;
        }

        if (!source.TryReset())
        {
            source.Dispose();
            return;
        }

        var sources = _sources;
        for (var i = 0; i < sources.Length; i++)
        {
            if (Volatile.Read(ref sources[i]) is null && Interlocked.CompareExchange(ref sources[i], source, null) is null)
            {
                return;
            }
        }

        source.Dispose();
    }

    /// <summary>Takes <paramref name="lease"/>'s deadline out of the sweep; its slot goes to the next try.</summary>
    public void Untrack(CallLease lease)
    {
        Interlocked.CompareExchange(ref _swept[lease.SweepSlot], null, lease);
        lease.SweepSlot = -1;
    }

    public void Dispose() => _sweeper?.Dispose();

    private CancellationTokenSource? TakePooled()
    {
        var sources = _sources;
        for (var i = 0; i < sources.Length; i++)
        {
            if (Volatile.Read(ref sources[i]) is not null && Interlocked.Exchange(ref sources[i], null) is { } source)
            {
                return source;
            }
        }

        return null;
    }

    private long Ticks(TimeSpan timeout) => (long)Math.Min(timeout.TotalSeconds * _time.TimestampFrequency, long.MaxValue / 2);

    private bool Track(CallLease lease, long due)
    {
        var swept = _swept;
        var start = _nextSlot;
        for (var n = 0; n < swept.Length; n++)
        {
            var slot = (start + n) % swept.Length;
            if (Volatile.Read(ref swept[slot]) is null)
            {
                lease.Due = due;
                lease.SweepSlot = slot;
                if (Interlocked.CompareExchange(ref swept[slot], lease, null) is null)
                {
                    _nextSlot = slot + 1;
                    if (Volatile.Read(ref _sweeping) == 0)
                    {
                        StartSweeping();
                    }

                    return true;
                }
            }
        }

        lease.SweepSlot = -1;
        return false;
    }

    private void StartSweeping()
    {
        lock (_gate)
        {
            if (_sweeping == 0)
            {
                _sweeping = 1;
                _sweeper!.Change(SweepPeriod, SweepPeriod);
            }
        }
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        if (SweepSlots(now))
        {
            return;
        }

        // Nothing pending: stop, unless a try was tracked while this sweep decided to. A tracker writes its slot
        // before it reads _sweeping, and this writes _sweeping before it looks at the slots again, so one of the
        // two sees the other.
        lock (_gate)
        {
            Interlocked.Exchange(ref _sweeping, 0);
            if (SweepSlots(now))
            {
                _sweeping = 1;
                return;
            }

            _sweeper!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    // Expires every tracked try whose deadline has passed; true when any try is tracked.
    private bool SweepSlots(long now)
    {
        var any = false;
        var swept = _swept;
        for (var i = 0; i < swept.Length; i++)
        {
            if (Volatile.Read(ref swept[i]) is { } lease)
            {
                any = true;
                if (lease.Due <= now)
                {
                    lease.Expire();
                }
            }
        }

        return any;
    }
}
