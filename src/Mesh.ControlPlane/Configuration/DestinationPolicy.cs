namespace Mesh.ControlPlane.Configuration;

/// <summary>The <c>DestinationPolicy</c> resource: how calls to a service (or one subset) are balanced and protected.</summary>
internal sealed record DestinationPolicy(ResourceMetadata Metadata, DestinationPolicySpec Spec) : MeshResource(Metadata)
{
    public override string Kind => ResourceKinds.DestinationPolicy;
}

/// <summary><c>DestinationPolicy.spec</c>; a null <see cref="Subset"/> covers every subset.</summary>
internal sealed record DestinationPolicySpec(
    string Service,
    string? Subset,
    string? LoadBalancer,
    bool? LocalityPreference,
    CircuitBreakerSpec? CircuitBreaker,
    OutlierDetectionSpec? OutlierDetection);

/// <summary><c>circuitBreaker</c>: Envoy thresholds; null fields keep Envoy's defaults.</summary>
internal sealed record CircuitBreakerSpec(uint? MaxConnections, uint? MaxPendingRequests, uint? MaxRequests, uint? MaxRetries);

/// <summary><c>outlierDetection</c>; null fields keep Envoy's defaults, and an absent <see cref="SuccessRate"/> turns success-rate ejection off.</summary>
internal sealed record OutlierDetectionSpec(
    uint? Consecutive5xx,
    TimeSpan? Interval,
    TimeSpan? BaseEjectionTime,
    uint? MaxEjectionPercent,
    uint? ConsecutiveGatewayErrors = null,
    uint? ConsecutiveLocalFailures = null,
    SuccessRateSpec? SuccessRate = null,
    TimeSpan? MaxEjectionTime = null);

/// <summary>
/// <c>outlierDetection.successRate</c>: eject an endpoint whose success rate falls more than
/// <see cref="StdevFactor"/> standard deviations below the mean of endpoints with enough calls.
/// </summary>
internal sealed record SuccessRateSpec(uint? MinimumHosts, uint? RequestVolume, double? StdevFactor);

/// <summary>The load balancer names <c>loadBalancer</c> accepts.</summary>
internal static class LoadBalancers
{
    public const string RoundRobin = "round_robin";
    public const string LeastRequest = "least_request";
    public const string RingHash = "ring_hash";
    public const string Random = "random";
}
