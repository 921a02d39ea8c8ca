using Mesh.Sdk.Telemetry;

namespace Mesh.Sdk.Resilience;

/// <summary>A cluster's state that outlives config changes: breaker counts, retry budget, outlier interval, and its telemetry.</summary>
internal sealed class ClusterResilienceState(TimeProvider time, string cluster)
{
    public ClusterCounters Counters { get; } = new();

    public RetryBudget Budget { get; } = new(time);

    public OutlierClock OutlierClock { get; } = new();

    /// <summary>The cluster's names for telemetry and the load it has taken since the last load report.</summary>
    public ClusterTelemetry Telemetry { get; } = new(cluster);
}
