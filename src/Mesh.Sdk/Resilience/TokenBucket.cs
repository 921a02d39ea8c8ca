namespace Mesh.Sdk.Resilience;

/// <summary>
/// A local rate limit's token bucket: <c>max_tokens</c> capacity, refilled by <c>tokens_per_fill</c> every
/// <c>fill_interval</c>, starting full as Envoy's does. Taking a token is a short lock on the limited
/// route only; unlimited routes never reach it.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly long _fillTicks;
    private long _tokens;
    private long _lastFill;

    public TokenBucket(long maxTokens, long tokensPerFill, TimeSpan fillInterval, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerFill);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fillInterval, TimeSpan.Zero);
        MaxTokens = maxTokens;
        TokensPerFill = tokensPerFill;
        FillInterval = fillInterval;
        _clock = clock;
        _fillTicks = Math.Max(1, (long)(fillInterval.TotalSeconds * clock.TimestampFrequency));
        _tokens = maxTokens;
        _lastFill = clock.GetTimestamp();
    }

    public long MaxTokens { get; }

    public long TokensPerFill { get; }

    public TimeSpan FillInterval { get; }

    /// <summary>Builds the bucket; null with an error naming <paramref name="field"/> when the config is unusable.</summary>
    public static TokenBucket? Create(Envoy.Type.V3.TokenBucket? config, TimeProvider clock, string field, out string? error)
    {
        error = null;
        if (config is null || config.MaxTokens == 0 || config.FillInterval is null || config.FillInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            error = $"{field}.token_bucket needs max_tokens > 0 and a positive fill_interval.";
            return null;
        }

        var perFill = config.TokensPerFill ?? 1;
        if (perFill == 0)
        {
            error = $"{field}.token_bucket.tokens_per_fill must be positive.";
            return null;
        }

        return new TokenBucket(config.MaxTokens, perFill, config.FillInterval.ToTimeSpan(), clock);
    }

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            var fills = (now - _lastFill) / _fillTicks;
            if (fills > 0)
            {
                _tokens = Math.Min(MaxTokens, _tokens + (fills * TokensPerFill));
                _lastFill += fills * _fillTicks;
            }

            if (_tokens == 0)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
