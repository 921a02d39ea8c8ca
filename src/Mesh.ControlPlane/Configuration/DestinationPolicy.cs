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

/// <summary><c>outlierDetection</c>.</summary>
internal sealed record OutlierDetectionSpec(
    uint? Consecutive5xx,
    TimeSpan? Interval,
    TimeSpan? BaseEjectionTime,
    uint? MaxEjectionPercent);

/// <summary>The load balancer names <c>loadBalancer</c> accepts.</summary>
internal static class LoadBalancers
{
    public const string RoundRobin = "round_robin";
    public const string LeastRequest = "least_request";
    public const string RingHash = "ring_hash";
    public const string Random = "random";
}
