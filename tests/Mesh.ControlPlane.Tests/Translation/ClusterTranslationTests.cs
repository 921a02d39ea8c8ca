using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class ClusterTranslationTests
{
    private readonly SnapshotTranslator _translator = new();

    [Fact]
    public void Emits_eds_cluster_over_ads_per_service_and_subset()
    {
        var set = _translator.Translate(Interop(), ClientKind.GrpcProxyless);

        Assert.Equal(["echo.default", "echo.default|v1", "echo.default|v2"], set.Get(TypeUrls.Cluster).Keys);
        var cluster = set.Cluster("echo.default|v1");
        Assert.Equal(Cluster.Types.DiscoveryType.Eds, cluster.Type);
        Assert.Equal(ConfigSource.ConfigSourceSpecifierOneofCase.Ads, cluster.EdsClusterConfig.EdsConfig.ConfigSourceSpecifierCase);
        Assert.Equal(ApiVersion.V3, cluster.EdsClusterConfig.EdsConfig.ResourceApiVersion);
        Assert.Equal("echo.default|v1", cluster.EdsClusterConfig.ServiceName);
        Assert.Equal(Cluster.Types.LbPolicy.RoundRobin, cluster.LbPolicy);
        Assert.True(cluster.ConnectTimeout.ToTimeSpan() > TimeSpan.Zero);
    }

    [Theory]
    [InlineData(nameof(ClientKind.GrpcProxyless), Cluster.Types.LbPolicy.RoundRobin)]
    [InlineData(nameof(ClientKind.Envoy), Cluster.Types.LbPolicy.Random)]
    [InlineData(nameof(ClientKind.MeshSdk), Cluster.Types.LbPolicy.Random)]
    public void Degrades_random_to_round_robin_only_for_grpc_clients(string kindName, Cluster.Types.LbPolicy expected)
    {
        var config = With(Echo(), policies: [Policy(null, LoadBalancers.Random)]);

        var set = _translator.Translate(config, Enum.Parse<ClientKind>(kindName));

        Assert.Equal(expected, set.Cluster("echo.default").LbPolicy);
    }

    [Theory]
    [InlineData(nameof(ClientKind.GrpcProxyless), Cluster.Types.LbPolicy.RoundRobin)]
    [InlineData(nameof(ClientKind.Envoy), Cluster.Types.LbPolicy.LeastRequest)]
    public void Degrades_least_request_to_round_robin_only_for_grpc_clients(string kindName, Cluster.Types.LbPolicy expected)
    {
        var config = With(Echo(), policies: [Policy(null, LoadBalancers.LeastRequest)]);

        var cluster = _translator.Translate(config, Enum.Parse<ClientKind>(kindName)).Cluster("echo.default");

        Assert.Equal(expected, cluster.LbPolicy);
        Assert.Equal(expected == Cluster.Types.LbPolicy.LeastRequest, cluster.LeastRequestLbConfig is not null);
    }

    [Fact]
    public void Keeps_ring_hash_for_grpc_clients_with_ring_sizes_they_accept()
    {
        var config = With(Echo(), policies: [Policy(null, LoadBalancers.RingHash)]);

        var cluster = _translator.Translate(config, ClientKind.GrpcProxyless).Cluster("echo.default");

        Assert.Equal(Cluster.Types.LbPolicy.RingHash, cluster.LbPolicy);
        Assert.Equal(Cluster.Types.RingHashLbConfig.Types.HashFunction.XxHash, cluster.RingHashLbConfig.HashFunction);
        Assert.True(cluster.RingHashLbConfig.MaximumRingSize <= 8_388_608);
    }

    [Fact]
    public void Subset_policy_overrides_the_service_wide_one_for_that_subset_only()
    {
        var config = With(
            Echo(),
            policies: [Policy(null, LoadBalancers.RingHash), Policy("v2", LoadBalancers.RoundRobin)]);

        var set = _translator.Translate(config, ClientKind.Envoy);

        Assert.Equal(Cluster.Types.LbPolicy.RingHash, set.Cluster("echo.default").LbPolicy);
        Assert.Equal(Cluster.Types.LbPolicy.RingHash, set.Cluster("echo.default|v1").LbPolicy);
        Assert.Equal(Cluster.Types.LbPolicy.RoundRobin, set.Cluster("echo.default|v2").LbPolicy);
    }

    [Fact]
    public void Translates_circuit_breaker_and_outlier_detection()
    {
        var policy = new DestinationPolicy(
            Metadata("echo"),
            new DestinationPolicySpec(
                "echo",
                null,
                null,
                true,
                new CircuitBreakerSpec(100, 50, null, 3),
                new OutlierDetectionSpec(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 50)));

        var cluster = _translator.Translate(With(Echo(), policies: [policy]), ClientKind.Envoy).Cluster("echo.default|v1");

        var thresholds = cluster.CircuitBreakers.Thresholds.Single();
        Assert.Equal(RoutingPriority.Default, thresholds.Priority);
        Assert.Equal(100u, thresholds.MaxConnections);
        Assert.Equal(50u, thresholds.MaxPendingRequests);
        Assert.Null(thresholds.MaxRequests);
        Assert.Equal(3u, thresholds.MaxRetries);
        Assert.Equal(5u, cluster.OutlierDetection.Consecutive5Xx);
        Assert.Equal(TimeSpan.FromSeconds(1), cluster.OutlierDetection.Interval.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(30), cluster.OutlierDetection.BaseEjectionTime.ToTimeSpan());
        Assert.Equal(50u, cluster.OutlierDetection.MaxEjectionPercent);
        Assert.NotNull(cluster.CommonLbConfig.LocalityWeightedLbConfig);
    }
}
