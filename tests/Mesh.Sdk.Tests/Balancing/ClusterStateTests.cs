using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Mesh.Sdk.Balancing;
using static Mesh.Sdk.Tests.Routing.TestXds;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;

namespace Mesh.Sdk.Tests.Balancing;

public sealed class ClusterStateTests
{
    private static readonly LocalityPreferenceOptions InZoneA = new() { Local = new EndpointLocality("eu", "a", string.Empty) };

    private static ClusterState Build(
        ClusterLoadAssignment assignment,
        LbPolicy policy = LbPolicy.RoundRobin,
        bool localityWeighted = false,
        LocalityPreferenceOptions? locality = null,
        ClusterState? previous = null) =>
        Build(Cluster("catalog.default", policy, localityWeighted), assignment, locality, previous);

    private static ClusterState Build(Cluster cluster, ClusterLoadAssignment assignment, LocalityPreferenceOptions? locality = null, ClusterState? previous = null)
    {
        Assert.True(
            ClusterStateBuilder.TryBuild(cluster, assignment, previous, locality ?? LocalityPreferenceOptions.None, new Random(11), out var state, out var error),
            error);
        return state;
    }

    private static Dictionary<string, int> PickMany(ClusterState cluster, int count, PickContext context = default) =>
        Tally(count, () => cluster.Pick(context)!.Authority);

    [Theory]
    [InlineData(LbPolicy.RoundRobin)]
    [InlineData(LbPolicy.LeastRequest)]
    [InlineData(LbPolicy.RingHash)]
    [InlineData(LbPolicy.Random)]
    public void Sends_only_to_healthy_or_unknown_endpoints(LbPolicy policy)
    {
        var cluster = Build(
            Assignment("catalog.default", Zone("a",
                Endpoint("10.0.0.1", health: HealthStatus.Healthy),
                Endpoint("10.0.0.2", health: HealthStatus.Unknown),
                Endpoint("10.0.0.3", health: HealthStatus.Unhealthy),
                Endpoint("10.0.0.4", health: HealthStatus.Draining))),
            policy);

        var tally = PickMany(cluster, 1_000);

        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], tally.Keys.Order());
    }

    [Fact]
    public void Sends_to_every_endpoint_when_none_is_healthy()
    {
        var cluster = Build(Assignment("catalog.default", Zone("a",
            Endpoint("10.0.0.1", health: HealthStatus.Unhealthy),
            Endpoint("10.0.0.2", health: HealthStatus.Timeout))));

        Assert.Equal(2, PickMany(cluster, 100).Count);
    }

    [Fact]
    public void Empty_cluster_picks_nothing()
    {
        var cluster = Build(Assignment("catalog.default"));

        Assert.Null(cluster.Pick(PickContext.None));
    }

    [Fact]
    public void Keeps_calls_in_the_local_zone_while_it_is_healthy()
    {
        var cluster = Build(
            Assignment("catalog.default",
                Zone("a", Endpoint("10.0.0.1"), Endpoint("10.0.0.2")),
                Zone("b", Endpoint("10.0.1.1"), Endpoint("10.0.1.2"), Endpoint("10.0.1.3"))),
            localityWeighted: true,
            locality: InZoneA);

        var tally = PickMany(cluster, 1_000);

        Assert.True(cluster.PrefersLocalZone);
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], tally.Keys.Order());
    }

    [Fact]
    public void Spills_over_by_locality_weight_when_the_local_zone_is_mostly_unhealthy()
    {
        var cluster = Build(
            Assignment("catalog.default",
                Zone("a", 1, Endpoint("10.0.0.1"), Endpoint("10.0.0.2", health: HealthStatus.Unhealthy), Endpoint("10.0.0.3", health: HealthStatus.Unhealthy)),
                Zone("b", 3, Endpoint("10.0.1.1"), Endpoint("10.0.1.2"))),
            LbPolicy.Random,
            localityWeighted: true,
            locality: InZoneA);

        var tally = PickMany(cluster, 8_000);

        Assert.False(cluster.PrefersLocalZone);
        Assert.InRange(tally["10.0.0.1:8080"] / 80.0, 22, 28);
        Assert.InRange((tally["10.0.1.1:8080"] + tally["10.0.1.2:8080"]) / 80.0, 72, 78);
    }

    [Fact]
    public void Local_zone_at_the_healthy_threshold_still_keeps_calls()
    {
        var assignment = Assignment("catalog.default",
            Zone("a", Endpoint("10.0.0.1"), Endpoint("10.0.0.2"), Endpoint("10.0.0.3"), Endpoint("10.0.0.4", health: HealthStatus.Unhealthy)),
            Zone("b", Endpoint("10.0.1.1")));

        Assert.True(Build(assignment, localityWeighted: true, locality: InZoneA).PrefersLocalZone);
        Assert.False(Build(assignment, localityWeighted: true, locality: InZoneA with { MinimumHealthyShare = 0.8 }).PrefersLocalZone);
    }

    [Fact]
    public void Ignores_the_local_zone_when_the_cluster_does_not_ask_for_locality_balancing()
    {
        var cluster = Build(
            Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1")), Zone("b", Endpoint("10.0.1.1"))),
            locality: InZoneA);

        Assert.False(cluster.PrefersLocalZone);
        Assert.Equal(2, PickMany(cluster, 100).Count);
    }

    [Fact]
    public void Retry_leaves_the_local_zone_when_its_only_endpoint_is_avoided()
    {
        var cluster = Build(
            Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1")), Zone("b", Endpoint("10.0.1.1"))),
            localityWeighted: true,
            locality: InZoneA);
        var local = cluster.Pick(PickContext.None)!;

        var retry = cluster.Pick(new PickContext(Avoid: local));

        Assert.Equal("10.0.0.1:8080", local.Authority);
        Assert.Equal("10.0.1.1:8080", retry!.Authority);
    }

    [Fact]
    public void Reuses_endpoint_objects_across_a_rebuild_so_calls_in_flight_stay_counted()
    {
        var first = Build(Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1"), Endpoint("10.0.0.2"))), LbPolicy.LeastRequest);
        var kept = first.Endpoints[0];
        var reweighted = first.Endpoints[1];
        kept.BeginRequest();
        reweighted.BeginRequest();

        var second = Build(
            Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1"), Endpoint("10.0.0.2", weight: 5), Endpoint("10.0.0.3"))),
            LbPolicy.LeastRequest,
            previous: first);

        Assert.Same(kept, second.Endpoints[0]);
        Assert.NotSame(reweighted, second.Endpoints[1]);
        Assert.Equal(5u, second.Endpoints[1].Weight);
        Assert.Equal(1, second.Endpoints[1].ActiveRequests);
        reweighted.EndRequest();
        Assert.Equal(0, second.Endpoints[1].ActiveRequests);
        Assert.Equal(1, second.Endpoints[0].ActiveRequests);
    }

    [Fact]
    public void Reuses_the_whole_state_when_cluster_and_assignment_are_unchanged()
    {
        var assignment = Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1")));
        var first = Build(assignment);

        Assert.Same(first, Build(assignment.Clone(), previous: first));
        Assert.NotSame(first, Build(assignment, previous: first, locality: InZoneA));
    }

    [Fact]
    public void Ring_hash_keeps_keys_across_a_rebuild_with_an_unrelated_change()
    {
        var assignment = Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1"), Endpoint("10.0.0.2"), Endpoint("10.0.0.3")));
        var first = Build(assignment, LbPolicy.RingHash);
        var unrelated = Cluster("catalog.default", LbPolicy.RingHash);
        unrelated.ConnectTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(9));

        var second = Build(unrelated, assignment, previous: first);

        Assert.NotSame(first, second);
        for (var i = 0; i < 500; i++)
        {
            var key = new PickContext(XxHash64.HashUtf8($"user-{i}"));
            Assert.Same(first.Pick(key), second.Pick(key));
        }
    }

    [Fact]
    public void Reads_choice_count_and_ring_sizes_from_the_cluster()
    {
        var ring = Cluster("catalog.default", LbPolicy.RingHash);
        ring.RingHashLbConfig.MinimumRingSize = 8;
        ring.RingHashLbConfig.MaximumRingSize = 8;
        var cluster = Build(ring, Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1"), Endpoint("10.0.0.2"))));

        Assert.Equal(LoadBalancingPolicies.RingHash, cluster.Policy);
        Assert.Equal(2, PickMany(cluster, 200).Count);
    }

    [Fact]
    public void Refuses_a_policy_no_picker_implements()
    {
        var cluster = Cluster("catalog.default", LbPolicy.Maglev);

        var built = ClusterStateBuilder.TryBuild(cluster, Assignment("catalog.default"), null, LocalityPreferenceOptions.None, new Random(1), out _, out var error);

        Assert.False(built);
        Assert.Contains("catalog.default", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Skips_endpoints_without_a_usable_socket_address()
    {
        var named = Endpoint("10.0.0.2");
        named.Endpoint.Address.SocketAddress.NamedPort = "http";
        var assignment = Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1"), named, new LbEndpoint(), Endpoint("10.0.0.1")));

        var cluster = Build(assignment);

        Assert.Equal("10.0.0.1:8080", Assert.Single(cluster.Endpoints).Authority);
    }

    [Fact]
    public void Formats_ipv6_authorities_with_brackets()
    {
        var cluster = Build(Assignment("catalog.default", Zone("a", Endpoint("::1", 9000))));

        Assert.Equal("[::1]:9000", cluster.Endpoints[0].Authority);
        Assert.Equal("::1", cluster.Endpoints[0].EndPoint.Host);
    }

    private static Cluster Cluster(string name, LbPolicy policy, bool localityWeighted = false) =>
        Routing.TestXds.Cluster(name, policy, localityWeighted);
}
