namespace Mesh.Sdk.Resilience;

/// <summary>When a cluster's current outlier-detection interval started; shared by its rebuilt states.</summary>
internal sealed class OutlierClock
{
    private long _intervalStart;

    /// <summary>True for exactly one caller once <paramref name="interval"/> has passed since the interval started.</summary>
    public bool TryClose(TimeProvider time, TimeSpan interval)
    {
        var now = time.GetTimestamp();
        var start = Volatile.Read(ref _intervalStart);
        if (start == 0)
        {
            Interlocked.CompareExchange(ref _intervalStart, now, 0);
            return false;
        }

        return time.GetElapsedTime(start, now) >= interval && Interlocked.CompareExchange(ref _intervalStart, now, start) == start;
    }
}
