using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>DestinationPolicy.spec</c>: load balancer, locality preference, circuit breaker, outlier detection.</summary>
internal static class DestinationPolicyBinder
{
    // What Envoy and gRPC eject for when baseEjectionTime is not written.
    private static readonly TimeSpan EnvoyBaseEjectionTime = TimeSpan.FromSeconds(30);

    public static DestinationPolicySpec? Bind(ConfigNode node, BindingScope scope)
    {
        var spec = NodeReader.Open(node, "spec", scope, "service", "subset", "loadBalancer", "localityPreference", "circuitBreaker", "outlierDetection");
        if (spec is null)
        {
            return null;
        }

        var service = spec.String("service", required: true);
        var subset = spec.String("subset");
        var loadBalancer = spec.OneOf("loadBalancer", false, LoadBalancers.RoundRobin, LoadBalancers.LeastRequest, LoadBalancers.RingHash, LoadBalancers.Random);
        var localityPreference = spec.Boolean("localityPreference");
        var circuitBreaker = BindCircuitBreaker(spec);
        var outlierDetection = BindOutlierDetection(spec);
        return service is null
            ? null
            : new DestinationPolicySpec(service, subset, loadBalancer, localityPreference, circuitBreaker, outlierDetection);
    }

    private static CircuitBreakerSpec? BindCircuitBreaker(NodeReader spec)
    {
        var breaker = spec.Mapping("circuitBreaker", false, "maxConnections", "maxPendingRequests", "maxRequests", "maxRetries");
        return breaker is null
            ? null
            : new CircuitBreakerSpec(
                breaker.UnsignedInteger("maxConnections"),
                breaker.UnsignedInteger("maxPendingRequests"),
                breaker.UnsignedInteger("maxRequests"),
                breaker.UnsignedInteger("maxRetries"));
    }

    private static OutlierDetectionSpec? BindOutlierDetection(NodeReader spec)
    {
        var outlier = spec.Mapping(
            "outlierDetection",
            false,
            "consecutive5xx",
            "interval",
            "baseEjectionTime",
            "maxEjectionPercent",
            "consecutiveGatewayErrors",
            "consecutiveLocalFailures",
            "successRate",
            "maxEjectionTime");
        if (outlier is null)
        {
            return null;
        }

        var interval = outlier.Duration("interval");
        var baseEjectionTime = outlier.Duration("baseEjectionTime");
        var maxEjectionTime = outlier.Duration("maxEjectionTime");
        if (maxEjectionTime < (baseEjectionTime ?? EnvoyBaseEjectionTime))
        {
            outlier.Error("maxEjectionTime", "maxEjectionTime must be ≥ baseEjectionTime (30s when not written), the shortest ejection; raise maxEjectionTime or remove it");
        }

        return new OutlierDetectionSpec(
            outlier.UnsignedInteger("consecutive5xx"),
            interval,
            baseEjectionTime,
            (uint?)outlier.Integer("maxEjectionPercent", 0, 100),
            (uint?)outlier.Integer("consecutiveGatewayErrors", 1, uint.MaxValue),
            (uint?)outlier.Integer("consecutiveLocalFailures", 1, uint.MaxValue),
            BindSuccessRate(outlier),
            maxEjectionTime);
    }

    private static SuccessRateSpec? BindSuccessRate(NodeReader outlier)
    {
        var successRate = outlier.Mapping("successRate", false, "minimumHosts", "requestVolume", "stdevFactor");
        return successRate is null
            ? null
            : new SuccessRateSpec(
                (uint?)successRate.Integer("minimumHosts", 1, uint.MaxValue),
                (uint?)successRate.Integer("requestVolume", 1, uint.MaxValue),
                successRate.Number("stdevFactor", 0.001, 1_000_000));
    }
}
