using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>Builds an EDS cluster over ADS with the balancer, circuit breaker and outlier detection of its policy.</summary>
internal static class ClusterBuilder
{
    /// <summary>Envoy's own default; no config field sets it yet.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    // gRPC's defaults (gRFC A42); grpc-js-xds NACKs rings above 8M entries.
    private const ulong MinimumRingSize = 1024;
    private const ulong MaximumRingSize = 8_388_608;

    // Envoy's default for least_request: power of two choices.
    private const uint LeastRequestChoices = 2;

    public static Cluster Build(string name, DestinationPolicySpec? policy, ClientProfile profile)
    {
        var cluster = new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig
            {
                EdsConfig = ConfigSources.Ads(),
                ServiceName = name,
            },
            ConnectTimeout = Duration.FromTimeSpan(ConnectTimeout),
            LbPolicy = LbPolicyMapper.Map(policy?.LoadBalancer, profile),
        };

        switch (cluster.LbPolicy)
        {
            case Cluster.Types.LbPolicy.RingHash:
                cluster.RingHashLbConfig = new Cluster.Types.RingHashLbConfig
                {
                    MinimumRingSize = MinimumRingSize,
                    MaximumRingSize = MaximumRingSize,
                };
                break;
            case Cluster.Types.LbPolicy.LeastRequest:
                cluster.LeastRequestLbConfig = new Cluster.Types.LeastRequestLbConfig { ChoiceCount = LeastRequestChoices };
                break;
        }

        if (policy?.LocalityPreference == true)
        {
            cluster.CommonLbConfig = new Cluster.Types.CommonLbConfig
            {
                LocalityWeightedLbConfig = new Cluster.Types.CommonLbConfig.Types.LocalityWeightedLbConfig(),
            };
        }

        if (policy?.CircuitBreaker is { } breaker)
        {
            cluster.CircuitBreakers = CircuitBreakers(breaker);
        }

        if (policy?.OutlierDetection is { } outliers)
        {
            cluster.OutlierDetection = OutlierDetection(outliers);
        }

        return cluster;
    }

    private static CircuitBreakers CircuitBreakers(CircuitBreakerSpec spec)
    {
        var thresholds = new CircuitBreakers.Types.Thresholds
        {
            Priority = RoutingPriority.Default,
            MaxConnections = spec.MaxConnections,
            MaxPendingRequests = spec.MaxPendingRequests,
            MaxRequests = spec.MaxRequests,
            MaxRetries = spec.MaxRetries,
        };
        var breakers = new CircuitBreakers();
        breakers.Thresholds.Add(thresholds);
        return breakers;
    }

    private static OutlierDetection OutlierDetection(OutlierDetectionSpec spec) => new()
    {
        Consecutive5Xx = spec.Consecutive5xx,
        Interval = spec.Interval is { } interval ? Duration.FromTimeSpan(interval) : null,
        BaseEjectionTime = spec.BaseEjectionTime is { } ejection ? Duration.FromTimeSpan(ejection) : null,
        MaxEjectionPercent = spec.MaxEjectionPercent,
    };
}
