namespace Mesh.Sdk.Resilience;

/// <summary>
/// Reuses the per-try deadline sources: a source whose deadline did not fire is reset and handed to the next
/// try, so a call pays neither for a new source and timer nor for the registrations the inner handler makes
/// on its token. A source that fired, or that finds the pool full, is disposed. Only the system clock's timers
/// can be reset, so with any other <see cref="TimeProvider"/> (a test's) every source is fresh.
/// </summary>
internal sealed class DeadlineSourcePool
{
    private readonly CancellationTokenSource?[] _sources;
    private readonly TimeProvider _time;

    public DeadlineSourcePool(TimeProvider time, int capacity)
    {
        _time = time;
        _sources = new CancellationTokenSource?[capacity];
    }

    /// <summary>A source that cancels after <paramref name="timeout"/> on this pool's clock.</summary>
    public CancellationTokenSource Rent(TimeSpan timeout)
    {
        var sources = _sources;
        for (var i = 0; i < sources.Length; i++)
        {
            if (Volatile.Read(ref sources[i]) is not null && Interlocked.Exchange(ref sources[i], null) is { } source)
            {
                source.CancelAfter(timeout);
                return source;
            }
        }

        return new CancellationTokenSource(timeout, _time);
    }

    /// <summary>Gives <paramref name="source"/> back; it must not be used by its last renter afterwards.</summary>
    public void Return(CancellationTokenSource source)
    {
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
}
