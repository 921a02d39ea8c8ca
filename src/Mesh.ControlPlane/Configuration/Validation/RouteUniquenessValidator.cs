using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Configuration.Validation;

/// <summary>A service has at most one TrafficRoute, so rule order is never ambiguous.</summary>
internal static class RouteUniquenessValidator
{
    public static void Validate(IReadOnlyList<BoundResource> resources, ICollection<ConfigError> errors)
    {
        var routes = new Dictionary<string, BoundResource>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (resource.Resource is not TrafficRoute route)
            {
                continue;
            }

            var service = $"{route.Metadata.Namespace}/{route.Spec.Service}";
            if (!routes.TryAdd(service, resource))
            {
                var first = routes[service];
                errors.Add(new ConfigError(
                    resource.LocationOf("spec.service"),
                    "spec.service",
                    $"service '{route.Spec.Service}' already has TrafficRoute {first.Key} at {first.Resource.Metadata.Location}; move these rules into that route"));
            }
        }
    }
}
