using Envoy.Config.Cluster.V3;

namespace Mesh.Sdk.Balancing;

/// <summary>The names of the endpoint pickers, as xDS spells the policies in snake case.</summary>
internal static class LoadBalancingPolicies
{
    public const string RoundRobin = "round_robin";
    public const string LeastRequest = "least_request";
    public const string RingHash = "ring_hash";
    public const string Random = "random";

    /// <summary>The policy name for a cluster's <c>lb_policy</c>, or null when no picker implements it.</summary>
    public static string? FromLbPolicy(Cluster.Types.LbPolicy policy) => policy switch
    {
        Cluster.Types.LbPolicy.RoundRobin => RoundRobin,
        Cluster.Types.LbPolicy.LeastRequest => LeastRequest,
        Cluster.Types.LbPolicy.RingHash => RingHash,
        Cluster.Types.LbPolicy.Random => Random,
        _ => null,
    };
}
