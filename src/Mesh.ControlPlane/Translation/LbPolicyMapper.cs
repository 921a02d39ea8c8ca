using Envoy.Config.Cluster.V3;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// Maps <c>loadBalancer</c> to <c>lb_policy</c>, degrading to ROUND_ROBIN what the client cannot run:
/// grpc-js-xds 1.14 NACKs the whole CDS response on LEAST_REQUEST or RANDOM in <c>lb_policy</c>.
/// </summary>
internal static class LbPolicyMapper
{
    public static Cluster.Types.LbPolicy Map(string? loadBalancer, ClientProfile profile) => loadBalancer switch
    {
        LoadBalancers.LeastRequest when profile.SupportsLeastRequest => Cluster.Types.LbPolicy.LeastRequest,
        LoadBalancers.RingHash when profile.SupportsRingHash => Cluster.Types.LbPolicy.RingHash,
        LoadBalancers.Random when profile.SupportsRandom => Cluster.Types.LbPolicy.Random,
        _ => Cluster.Types.LbPolicy.RoundRobin,
    };
}
