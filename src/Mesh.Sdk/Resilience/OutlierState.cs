namespace Mesh.Sdk.Resilience;

/// <summary>
/// One endpoint's outlier-detection record: consecutive failures, ejection and the current interval's
/// counts. It lives on the <see cref="Balancing.EndpointState"/> and moves with it across table rebuilds,
/// so a rebuild neither forgives an ejected endpoint nor forgets its history.
/// </summary>
internal sealed class OutlierState
{
    private long _ejectedUntil;
    private TimeProvider? _clock;
    private int _consecutive5xx;
    private int _consecutiveGateway;
    private int _consecutiveLocal;
    private int _ejections;
    private long _intervalSuccesses;
    private long _intervalFailures;

    /// <summary>True while an ejection lasts; costs one volatile read while the endpoint is not ejected.</summary>
    public bool IsEjected
    {
        get
        {
            var until = Volatile.Read(ref _ejectedUntil);
            return until != 0 && _clock!.GetTimestamp() < until;
        }
    }

    /// <summary>How often the endpoint was ejected without an interval's clean record in between.</summary>
    public int Ejections => Volatile.Read(ref _ejections);

    public long IntervalSuccesses => Volatile.Read(ref _intervalSuccesses);

    public long IntervalFailures => Volatile.Read(ref _intervalFailures);

    /// <summary>Records a success: every consecutive count starts over.</summary>
    public void RecordSuccess()
    {
        Interlocked.Increment(ref _intervalSuccesses);
        if (_consecutive5xx != 0 || _consecutiveGateway != 0 || _consecutiveLocal != 0)
        {
            Volatile.Write(ref _consecutive5xx, 0);
            Volatile.Write(ref _consecutiveGateway, 0);
            Volatile.Write(ref _consecutiveLocal, 0);
        }
    }

    /// <summary>Records a failure and returns the consecutive counts it raised.</summary>
    public (int Consecutive5xx, int ConsecutiveGateway, int ConsecutiveLocal) RecordFailure(bool is5xx, bool isGateway, bool isLocal)
    {
        Interlocked.Increment(ref _intervalFailures);
        return (
            is5xx ? Interlocked.Increment(ref _consecutive5xx) : Volatile.Read(ref _consecutive5xx),
            isGateway ? Interlocked.Increment(ref _consecutiveGateway) : Volatile.Read(ref _consecutiveGateway),
            isLocal ? Interlocked.Increment(ref _consecutiveLocal) : Volatile.Read(ref _consecutiveLocal));
    }

    /// <summary>Ejects until <paramref name="duration"/> from now; false when it already is ejected.</summary>
    public bool TryEject(TimeSpan duration, TimeProvider clock)
    {
        if (IsEjected)
        {
            return false;
        }

        _clock = clock;
        var until = clock.GetTimestamp() + (long)(duration.TotalSeconds * clock.TimestampFrequency);
        Volatile.Write(ref _ejectedUntil, Math.Max(until, 1));
        Interlocked.Increment(ref _ejections);
        Volatile.Write(ref _consecutive5xx, 0);
        Volatile.Write(ref _consecutiveGateway, 0);
        Volatile.Write(ref _consecutiveLocal, 0);
        return true;
    }

    /// <summary>
    /// Closes an interval: clears its counts and, as Envoy does, lets an endpoint that stayed in service
    /// for a whole interval shed one ejection from the multiplier of its next ejection time.
    /// </summary>
    public void EndInterval()
    {
        Volatile.Write(ref _intervalSuccesses, 0);
        Volatile.Write(ref _intervalFailures, 0);
        if (!IsEjected)
        {
            Volatile.Write(ref _ejectedUntil, 0);
            var ejections = Volatile.Read(ref _ejections);
            if (ejections > 0)
            {
                Interlocked.CompareExchange(ref _ejections, ejections - 1, ejections);
            }
        }
    }
}
