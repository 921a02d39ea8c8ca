namespace Mesh.Sdk.Xds;

/// <summary>
/// Exponential backoff with full jitter between ADS stream attempts: attempt n waits a uniformly random
/// time in [0, min(maximum, initial × 2ⁿ)), so many clients cut off at once do not reconnect in step.
/// Used by one reconnect loop only.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan maximum, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        _initial = initial;
        _maximum = maximum;
        _random = random;
    }

    /// <summary>The longest the next delay can be.</summary>
    public TimeSpan Ceiling
    {
        get
        {
            var ticks = _initial.Ticks * Math.Pow(2, _attempt);
            return ticks >= _maximum.Ticks ? _maximum : TimeSpan.FromTicks((long)ticks);
        }
    }

    /// <summary>The delay before the next attempt; each call doubles the ceiling up to the maximum.</summary>
    public TimeSpan NextDelay()
    {
        var delay = TimeSpan.FromTicks((long)(_random.NextDouble() * Ceiling.Ticks));
        if (Ceiling < _maximum)
        {
            _attempt++;
        }

        return delay;
    }

    /// <summary>Starts over from the initial ceiling, after a stream that worked.</summary>
    public void Reset() => _attempt = 0;
}
