using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// One validated, immutable snapshot of an environment's mesh config. Resources are keyed by
/// <c>namespace/name</c> and sorted, so the same input always yields the same snapshot.
/// </summary>
internal sealed record MeshConfig(
    string Environment,
    MeshSpec Mesh,
    ImmutableSortedDictionary<string, MeshServiceResource> Services,
    ImmutableSortedDictionary<string, TrafficRoute> Routes,
    ImmutableSortedDictionary<string, DestinationPolicy> DestinationPolicies,
    ImmutableSortedDictionary<string, AccessPolicy> AccessPolicies,
    ImmutableSortedDictionary<string, RateLimit> RateLimits)
{
    public static MeshConfig Empty { get; } = new(
        string.Empty,
        MeshSpec.Default,
        ImmutableSortedDictionary<string, MeshServiceResource>.Empty,
        ImmutableSortedDictionary<string, TrafficRoute>.Empty,
        ImmutableSortedDictionary<string, DestinationPolicy>.Empty,
        ImmutableSortedDictionary<string, AccessPolicy>.Empty,
        ImmutableSortedDictionary<string, RateLimit>.Empty);
}
