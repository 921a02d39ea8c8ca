using System.Collections.Frozen;
using Envoy.Config.Cluster.V3;

namespace Mesh.Sdk.Balancing;

/// <summary>The pickers by policy name, each created from a cluster's own lb config.</summary>
internal static class EndpointPickerFactory
{
    private static readonly FrozenDictionary<string, Func<WeightedEndpointSet, Cluster, Random, IEndpointPicker>> Factories =
        new Dictionary<string, Func<WeightedEndpointSet, Cluster, Random, IEndpointPicker>>(StringComparer.Ordinal)
        {
            [LoadBalancingPolicies.RoundRobin] = static (endpoints, _, random) => new RoundRobinPicker(endpoints, random),
            [LoadBalancingPolicies.LeastRequest] = static (endpoints, cluster, random) =>
                new LeastRequestPicker(endpoints, ChoiceCount(cluster), random),
            [LoadBalancingPolicies.RingHash] = static (endpoints, cluster, random) =>
                new RingHashPicker(endpoints, MinimumRingSize(cluster), MaximumRingSize(cluster), random),
            [LoadBalancingPolicies.Random] = static (endpoints, _, random) => new RandomPicker(endpoints, random),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown(string policy) => Factories.ContainsKey(policy);

    public static IEndpointPicker Create(string policy, WeightedEndpointSet endpoints, Cluster cluster, Random random) =>
        Factories.TryGetValue(policy, out var factory)
            ? factory(endpoints, cluster, random)
            : throw new ArgumentException($"No endpoint picker is registered for load-balancing policy '{policy}'.", nameof(policy));

    private static int ChoiceCount(Cluster cluster) =>
        cluster.LeastRequestLbConfig?.ChoiceCount is { } count and >= 2
            ? (int)Math.Min(count, int.MaxValue)
            : LeastRequestPicker.DefaultChoiceCount;

    private static ulong MinimumRingSize(Cluster cluster) =>
        cluster.RingHashLbConfig?.MinimumRingSize is { } size and > 0 ? size : RingHashPicker.DefaultMinimumRingSize;

    private static ulong MaximumRingSize(Cluster cluster) =>
        Math.Max(
            cluster.RingHashLbConfig?.MaximumRingSize is { } size and > 0 ? size : RingHashPicker.DefaultMaximumRingSize,
            MinimumRingSize(cluster));
}
