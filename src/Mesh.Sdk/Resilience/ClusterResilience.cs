using Envoy.Config.Cluster.V3;
using Mesh.Sdk.Balancing;
using System.Collections.Immutable;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// What the call path enforces for one cluster state: its circuit breaker, its outlier detector (when
/// configured) and its retry budget, built with the state. The live counts sit in <see cref="Shared"/>,
/// which each rebuilt state of the same cluster takes over from the last.
/// </summary>
internal sealed class ClusterResilience
{
    private ClusterResilience(CircuitBreaker breaker, OutlierDetector? outliers, ClusterResilienceState shared)
    {
        Breaker = breaker;
        Outliers = outliers;
        Shared = shared;
    }

    public CircuitBreaker Breaker { get; }

    /// <summary>Null when the cluster has no outlier_detection, as Envoy then ejects nothing.</summary>
    public OutlierDetector? Outliers { get; }

    public ClusterResilienceState Shared { get; }

    public RetryBudget Budget => Shared.Budget;

    public Telemetry.ClusterTelemetry Telemetry => Shared.Telemetry;

    public static ClusterResilience Create(
        Cluster cluster,
        ImmutableArray<EndpointState> endpoints,
        ClusterResilienceState? previous,
        TimeProvider time,
        Random random)
    {
        var shared = previous ?? new ClusterResilienceState(time, cluster.Name);
        var outliers = cluster.OutlierDetection is { } detection
            ? new OutlierDetector(OutlierPolicy.From(detection), endpoints, shared.OutlierClock, time, random)
            : null;
        return new ClusterResilience(new CircuitBreaker(cluster.CircuitBreakers, shared.Counters), outliers, shared);
    }
}
