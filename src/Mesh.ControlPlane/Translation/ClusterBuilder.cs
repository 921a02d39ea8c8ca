using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Type.V3;
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

    // Envoy's default: retries are always allowed while fewer than three are in flight.
    private const uint MinRetryConcurrency = 3;

    /// <summary>
    /// The cluster named <paramref name="name"/> under <paramref name="policy"/>; a
    /// <paramref name="retryBudgetPercent"/> becomes a retry budget for clients that enforce one, and a
    /// <paramref name="transportSocket"/> (the mesh's mTLS, <see cref="MeshTls.UpstreamSocket"/>) secures its connections.
    /// </summary>
    public static Cluster Build(string name, DestinationPolicySpec? policy, int? retryBudgetPercent, ClientProfile profile, TransportSocket? transportSocket = null)
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
            TransportSocket = transportSocket,
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

        var budget = profile.SupportsRetryHostsAndBudgets ? retryBudgetPercent : null;
        if (policy?.CircuitBreaker is not null || budget is not null)
        {
            cluster.CircuitBreakers = CircuitBreakers(policy?.CircuitBreaker, budget);
        }

        if (profile.ReportsLoadWhenAsked)
        {
            // Load goes to the server that sent this cluster: mesh-cp's LRS beside its ADS.
            cluster.LrsServer = ConfigSources.Self();
        }

        if (policy?.OutlierDetection is { } outliers)
        {
            cluster.OutlierDetection = OutlierDetectionBuilder.Build(outliers, profile);
        }

        return cluster;
    }

    // Envoy reads only the DEFAULT priority's thresholds for ordinary traffic, so everything goes there;
    // a budget, when set, replaces max_retries as the limit on concurrent retries.
    private static CircuitBreakers CircuitBreakers(CircuitBreakerSpec? spec, int? retryBudgetPercent)
    {
        var thresholds = new CircuitBreakers.Types.Thresholds
        {
            Priority = RoutingPriority.Default,
            MaxConnections = spec?.MaxConnections,
            MaxPendingRequests = spec?.MaxPendingRequests,
            MaxRequests = spec?.MaxRequests,
            MaxRetries = spec?.MaxRetries,
        };
        if (retryBudgetPercent is { } percent)
        {
            thresholds.RetryBudget = new CircuitBreakers.Types.Thresholds.Types.RetryBudget
            {
                BudgetPercent = new Percent { Value = percent },
                MinRetryConcurrency = MinRetryConcurrency,
            };
        }

        var breakers = new CircuitBreakers();
        breakers.Thresholds.Add(thresholds);
        return breakers;
    }
}
