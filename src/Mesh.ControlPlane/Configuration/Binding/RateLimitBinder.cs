using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>RateLimit.spec</c>; <c>burst</c> defaults to one second's worth of requests.</summary>
internal static class RateLimitBinder
{
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

        return new RateLimitSpec(service, rate.Value, (int?)burst ?? (int)Math.Max(1, Math.Ceiling(rate.Value)));
    }
}
