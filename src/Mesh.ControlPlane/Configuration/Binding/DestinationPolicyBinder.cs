using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>DestinationPolicy.spec</c>: load balancer, locality preference, circuit breaker, outlier detection.</summary>
internal static class DestinationPolicyBinder
{
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
        var outlier = spec.Mapping("outlierDetection", false, "consecutive5xx", "interval", "baseEjectionTime", "maxEjectionPercent");
        return outlier is null
            ? null
            : new OutlierDetectionSpec(
                outlier.UnsignedInteger("consecutive5xx"),
                outlier.Duration("interval"),
                outlier.Duration("baseEjectionTime"),
                (uint?)outlier.Integer("maxEjectionPercent", 0, 100));
    }
}
