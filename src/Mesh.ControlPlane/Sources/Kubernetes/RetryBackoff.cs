namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// Exponential backoff with jitter for reconnecting to the API server: each delay is drawn from the
/// upper half of a ceiling that doubles up to the maximum, so replicas that lost the API server
/// together do not come back in lockstep.
/// </summary>
internal sealed class RetryBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    private TimeSpan _ceiling = TimeSpan.Zero;

    public TimeSpan NextDelay()
    {
        var ceiling = _ceiling == TimeSpan.Zero ? initial : _ceiling;
        _ceiling = TimeSpan.FromTicks(Math.Min(ceiling.Ticks * 2, max.Ticks));
        return ceiling / 2 + ceiling / 2 * random.NextDouble();
    }

    public void Reset() => _ceiling = TimeSpan.Zero;
}
