using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>One service with the routing rules and destination policies that name it.</summary>
internal sealed record ServiceScope(
    MeshServiceResource Service,
    ImmutableArray<RouteRule> Rules,
    bool HasTrafficRoute,
    DestinationPolicySpec? ServicePolicy,
    ImmutableSortedDictionary<string, DestinationPolicySpec> SubsetPolicies,
    RateLimitSpec? RateLimit = null)
{
    /// <summary>Whether any rule injects faults, so the client needs the fault filter.</summary>
    public bool InjectsFaults => Rules.Any(rule => rule.Fault is not null);

    public ResourceMetadata Metadata => Service.Metadata;

    /// <summary>The policy for one subset: the subset's own fields over the service-wide ones.</summary>
    public DestinationPolicySpec? PolicyFor(string subset)
    {
        if (!SubsetPolicies.TryGetValue(subset, out var own))
        {
            return ServicePolicy;
        }

        if (ServicePolicy is null)
        {
            return own;
        }

        return own with
        {
            LoadBalancer = own.LoadBalancer ?? ServicePolicy.LoadBalancer,
            LocalityPreference = own.LocalityPreference ?? ServicePolicy.LocalityPreference,
            CircuitBreaker = own.CircuitBreaker ?? ServicePolicy.CircuitBreaker,
            OutlierDetection = own.OutlierDetection ?? ServicePolicy.OutlierDetection,
        };
    }
}
