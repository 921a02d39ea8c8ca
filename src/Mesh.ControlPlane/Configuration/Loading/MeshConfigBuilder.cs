using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Configuration.Loading;

/// <summary>Assembles validated resources into a <see cref="MeshConfig"/> keyed by <c>namespace/name</c>, ordinal order.</summary>
internal static class MeshConfigBuilder
{
    public static MeshConfig Build(string environment, IReadOnlyList<BoundResource> resources)
    {
        var mesh = MeshSpec.Default;
        var services = ImmutableSortedDictionary.CreateBuilder<string, MeshServiceResource>(StringComparer.Ordinal);
        var routes = ImmutableSortedDictionary.CreateBuilder<string, TrafficRoute>(StringComparer.Ordinal);
        var destinationPolicies = ImmutableSortedDictionary.CreateBuilder<string, DestinationPolicy>(StringComparer.Ordinal);
        var accessPolicies = ImmutableSortedDictionary.CreateBuilder<string, AccessPolicy>(StringComparer.Ordinal);
        var rateLimits = ImmutableSortedDictionary.CreateBuilder<string, RateLimit>(StringComparer.Ordinal);
        foreach (var bound in resources)
        {
            switch (bound.Resource)
            {
                case MeshSettings settings:
                    mesh = settings.Spec;
                    break;
                case MeshServiceResource service:
                    services[bound.Key] = service;
                    break;
                case TrafficRoute route:
                    routes[bound.Key] = route;
                    break;
                case DestinationPolicy policy:
                    destinationPolicies[bound.Key] = policy;
                    break;
                case AccessPolicy access:
                    accessPolicies[bound.Key] = access;
                    break;
                case RateLimit limit:
                    rateLimits[bound.Key] = limit;
                    break;
            }
        }

        return new MeshConfig(
            environment,
            mesh,
            services.ToImmutable(),
            routes.ToImmutable(),
            destinationPolicies.ToImmutable(),
            accessPolicies.ToImmutable(),
            rateLimits.ToImmutable());
    }
}
