using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>Groups a snapshot's routes and policies under the services they name (same namespace), in key order.</summary>
internal static class ServiceScopeResolver
{
    public static ImmutableArray<ServiceScope> Resolve(MeshConfig config)
    {
        var scopes = ImmutableArray.CreateBuilder<ServiceScope>(config.Services.Count);
        foreach (var (_, service) in config.Services)
        {
            var metadata = service.Metadata;
            var rules = ImmutableArray.CreateBuilder<RouteRule>();
            var hasRoute = false;
            foreach (var (_, route) in config.Routes)
            {
                if (Names(route.Metadata, route.Spec.Service, metadata))
                {
                    hasRoute = true;
                    rules.AddRange(route.Spec.Rules);
                }
            }

            DestinationPolicySpec? servicePolicy = null;
            var subsetPolicies = ImmutableSortedDictionary.CreateBuilder<string, DestinationPolicySpec>(StringComparer.Ordinal);
            foreach (var (_, policy) in config.DestinationPolicies)
            {
                if (!Names(policy.Metadata, policy.Spec.Service, metadata))
                {
                    continue;
                }

                if (policy.Spec.Subset is null)
                {
                    servicePolicy = policy.Spec;
                }
                else
                {
                    subsetPolicies[policy.Spec.Subset] = policy.Spec;
                }
            }

            scopes.Add(new ServiceScope(service, rules.ToImmutable(), hasRoute, servicePolicy, subsetPolicies.ToImmutable(), RateLimitFor(config, metadata)));
        }

        return scopes.MoveToImmutable();
    }

    // Several limits on one service: the strictest wins, so adding a RateLimit never loosens one.
    private static RateLimitSpec? RateLimitFor(MeshConfig config, ResourceMetadata service)
    {
        RateLimitSpec? strictest = null;
        foreach (var (_, limit) in config.RateLimits)
        {
            if (Names(limit.Metadata, limit.Spec.Service, service)
                && (strictest is null || limit.Spec.RequestsPerSecond < strictest.RequestsPerSecond))
            {
                strictest = limit.Spec;
            }
        }

        return strictest;
    }

    private static bool Names(ResourceMetadata owner, string serviceName, ResourceMetadata service) =>
        owner.Namespace == service.Namespace && serviceName == service.Name;
}
