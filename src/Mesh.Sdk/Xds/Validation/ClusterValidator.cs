using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.Sdk.Xds.Validation;

/// <summary>Checks that a Cluster is an EDS cluster with a load balancer the SDK runs.</summary>
internal static class ClusterValidator
{
    // gRPC's ceiling (gRFC A42): larger rings cost memory without improving balance.
    private const ulong MaximumRingSize = 8_388_608;

    public static void Validate(Cluster cluster, List<string> errors)
    {
        if (cluster.ClusterDiscoveryTypeCase != Cluster.ClusterDiscoveryTypeOneofCase.Type || cluster.Type != Cluster.Types.DiscoveryType.Eds)
        {
            errors.Add($"type {DiscoveryTypeName(cluster)} is not supported: the SDK follows EDS clusters only");
        }
        else if (cluster.EdsClusterConfig?.EdsConfig is not { ConfigSourceSpecifierCase: not ConfigSource.ConfigSourceSpecifierOneofCase.None })
        {
            errors.Add("eds_cluster_config.eds_config must be ads or self");
        }

        ValidateLbPolicy(cluster, errors);

        if (IsNegative(cluster.ConnectTimeout))
        {
            errors.Add($"connect_timeout {cluster.ConnectTimeout} is negative");
        }

        if (cluster.OutlierDetection?.MaxEjectionPercent is > 100 and var percent)
        {
            errors.Add($"outlier_detection.max_ejection_percent {percent} is above 100");
        }
    }

    private static void ValidateLbPolicy(Cluster cluster, List<string> errors)
    {
        switch (cluster.LbPolicy)
        {
            case Cluster.Types.LbPolicy.RoundRobin:
            case Cluster.Types.LbPolicy.Random:
                break;
            case Cluster.Types.LbPolicy.LeastRequest:
                if (cluster.LeastRequestLbConfig?.ChoiceCount is < 2 and var choices)
                {
                    errors.Add($"least_request_lb_config.choice_count {choices} is below 2");
                }

                break;
            case Cluster.Types.LbPolicy.RingHash:
                var minimum = cluster.RingHashLbConfig?.MinimumRingSize ?? 1024;
                var maximum = cluster.RingHashLbConfig?.MaximumRingSize ?? MaximumRingSize;
                if (maximum > MaximumRingSize)
                {
                    errors.Add($"ring_hash_lb_config.maximum_ring_size {maximum} is above {MaximumRingSize}");
                }

                if (minimum == 0 || minimum > maximum)
                {
                    errors.Add($"ring_hash_lb_config.minimum_ring_size {minimum} must be between 1 and maximum_ring_size {maximum}");
                }

                break;
            default:
                errors.Add($"lb_policy {(int)cluster.LbPolicy} ({cluster.LbPolicy}) is not supported; the SDK runs ROUND_ROBIN, LEAST_REQUEST, RING_HASH and RANDOM");
                break;
        }
    }

    private static string DiscoveryTypeName(Cluster cluster) =>
        cluster.ClusterDiscoveryTypeCase == Cluster.ClusterDiscoveryTypeOneofCase.Type ? cluster.Type.ToString() : "(unset)";

    private static bool IsNegative(Duration? duration) => duration is not null && (duration.Seconds < 0 || duration.Nanos < 0);
}
