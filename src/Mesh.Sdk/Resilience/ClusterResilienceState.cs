namespace Mesh.Sdk.Resilience;

/// <summary>A cluster's resilience state that outlives config changes: breaker counts, retry budget, outlier interval.</summary>
internal sealed class ClusterResilienceState(TimeProvider time)
{
    public ClusterCounters Counters { get; } = new();

    public RetryBudget Budget { get; } = new(time);

    public OutlierClock OutlierClock { get; } = new();
}
