using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>RateLimit.spec</c>; <c>burst</c> defaults to one second's worth of requests.</summary>
internal static class RateLimitBinder
{
    /// <summary>The shortest interval at which Envoy refills a token bucket.</summary>
    public const double MinimumFillSeconds = 0.05;

    public static RateLimitSpec? Bind(ConfigNode node, BindingScope scope)
    {
        var spec = NodeReader.Open(node, "spec", scope, "service", "requestsPerSecond", "burst");
        if (spec is null)
        {
            return null;
        }

        var service = spec.String("service", required: true);
        var rate = spec.Number("requestsPerSecond", 0, 1e9, required: true);
        if (rate == 0)
        {
            spec.Error("requestsPerSecond", "requestsPerSecond must be > 0; delete the RateLimit to stop limiting");
            return null;
        }

        var burst = spec.Integer("burst", 1, int.MaxValue);
        if (service is null || rate is null)
        {
            return null;
        }

        // Envoy refills a token bucket at most every 50 ms, so the bucket must hold that long's worth.
        var smallestBurst = (long)Math.Ceiling(rate.Value * MinimumFillSeconds);
        if (burst < smallestBurst)
        {
            spec.Error("burst", $"burst must hold at least 50 ms of requests, {smallestBurst} at {rate.Value} requestsPerSecond, got {burst}; raise it or remove it for one second's worth");
            return null;
        }

        return new RateLimitSpec(service, rate.Value, (int?)burst ?? (int)Math.Max(1, Math.Ceiling(rate.Value)));
    }
}
