using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using static Mesh.Sdk.Tests.Routing.TestXds;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;

namespace Mesh.Sdk.Tests.Routing;

public sealed class RoutingTableTests
{
    private static readonly XdsResources Catalog = XdsResources.Empty
        .WithService("catalog")
        .WithCluster("catalog.default", LbPolicy.RoundRobin, Zone("a", Endpoint("10.0.0.1")));

    [Theory]
    [InlineData("catalog")]
    [InlineData("catalog:8080")]
    [InlineData("CATALOG")]
    [InlineData("catalog.default")]
    [InlineData("Catalog.Default:80")]
    [InlineData("catalog.default.svc.cluster.local")]
    [InlineData("catalog.default.svc.cluster.local:8080")]
    public void Finds_service_by_every_name_its_listeners_carry(string host)
    {
        var table = RoutingTable.Build(Catalog, null, LocalityPreferenceOptions.None);

        Assert.True(table.TryGetService(host, out var service));
        Assert.Equal("catalog.default", service.RouteConfigurationName);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("catalog.other")]
    [InlineData("basket")]
    [InlineData("")]
    public void Passes_through_hosts_that_are_not_mesh_services(string host)
    {
        var table = RoutingTable.Build(Catalog, null, LocalityPreferenceOptions.None);

        Assert.False(table.TryGetService(host, out _));
    }

    [Fact]
    public void Empty_table_routes_nothing() => Assert.False(RoutingTable.Empty.TryGetService("catalog", out _));

    [Fact]
    public void Listener_is_not_routable_until_its_route_configuration_arrives()
    {
        var resources = Catalog with { Routes = Catalog.Routes.Remove("catalog.default") };

        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None);

        Assert.False(table.TryGetService("catalog", out _));
        Assert.False(table.IsComplete("catalog"));
        Assert.Contains(table.Problems, problem => problem.Contains("RouteConfiguration 'catalog.default'", StringComparison.Ordinal));
    }

    [Fact]
    public void Service_is_not_routable_until_every_cluster_and_assignment_arrives()
    {
        var split = XdsResources.Empty
            .WithService("catalog", Split("split", Prefix("/"), ("catalog.default|v1", 50), ("catalog.default|v2", 50)))
            .WithCluster("catalog.default|v1", LbPolicy.RoundRobin, Zone("a", Endpoint("10.0.0.1")))
            .WithCluster("catalog.default|v2", LbPolicy.RoundRobin, Zone("a", Endpoint("10.0.0.2")));
        var noAssignment = split with { Endpoints = split.Endpoints.Remove("catalog.default|v2") };
        var noCluster = split with { Clusters = split.Clusters.Remove("catalog.default|v2") };

        Assert.True(RoutingTable.Build(split, null, LocalityPreferenceOptions.None).IsComplete("catalog"));
        var waitingForEndpoints = RoutingTable.Build(noAssignment, null, LocalityPreferenceOptions.None);
        Assert.False(waitingForEndpoints.IsComplete("catalog"));
        Assert.False(waitingForEndpoints.TryGetService("catalog", out _));
        Assert.Contains(waitingForEndpoints.Problems, problem => problem.Contains("ClusterLoadAssignment 'catalog.default|v2'", StringComparison.Ordinal));
        Assert.False(RoutingTable.Build(noCluster, null, LocalityPreferenceOptions.None).IsComplete("catalog"));
    }

    [Fact]
    public void Keeps_previous_routes_while_an_update_is_incomplete_and_drops_removed_listeners()
    {
        var first = RoutingTable.Build(Catalog, null, LocalityPreferenceOptions.None);
        var halfway = Catalog
            .WithService("catalog", Route("to-v2", Prefix("/"), "catalog.default|v2"))
            with { Listeners = Catalog.Listeners.Remove("catalog.default") };

        var second = RoutingTable.Build(halfway, first, LocalityPreferenceOptions.None);

        Assert.False(second.IsComplete("catalog"));
        Assert.True(second.TryGetService("catalog", out var kept));
        Assert.Same(first.Services["catalog"], kept);
        Assert.False(second.TryGetService("catalog.default", out _));
    }

    [Fact]
    public void Cluster_with_unsupported_lb_policy_is_not_routable()
    {
        var resources = XdsResources.Empty
            .WithService("catalog")
            .WithCluster("catalog.default", LbPolicy.Maglev, Zone("a", Endpoint("10.0.0.1")));

        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None);

        Assert.False(table.IsComplete("catalog"));
        Assert.Contains(table.Problems, problem => problem.Contains("Cluster 'catalog.default'", StringComparison.Ordinal) && problem.Contains("Maglev", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_with_regex_that_does_not_compile_leaves_service_unroutable_and_says_where()
    {
        var resources = Catalog.WithService("catalog", Route("bad", Regex("/items/(["), "catalog.default"));

        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None);

        Assert.False(table.IsComplete("catalog"));
        Assert.Contains(table.Problems, problem => problem.Contains("virtual_hosts[0].routes[0].match.safe_regex", StringComparison.Ordinal));
    }

    [Fact]
    public void Reuses_unchanged_clusters_whole_across_a_rebuild()
    {
        var first = RoutingTable.Build(Catalog, null, LocalityPreferenceOptions.None);
        var withBasket = Catalog
            .WithService("basket")
            .WithCluster("basket.default", LbPolicy.Random, Zone("a", Endpoint("10.0.1.1")));

        var second = RoutingTable.Build(withBasket, first, LocalityPreferenceOptions.None);

        Assert.Same(first.Clusters["catalog.default"], second.Clusters["catalog.default"]);
        Assert.True(second.TryGetService("basket", out var basket));
        Assert.Equal(LoadBalancingPolicies.Random, basket.Match(Request("http://basket/"))!.PickCluster().Policy);
    }

    [Fact]
    public void Shares_one_service_route_among_the_listeners_of_a_service()
    {
        var table = RoutingTable.Build(Catalog, null, LocalityPreferenceOptions.None);

        Assert.Same(table.Services["catalog"], table.Services["catalog.default.svc.cluster.local"]);
    }

    [Fact]
    public void Follows_eds_service_name_to_the_assignment()
    {
        var cluster = Cluster("catalog.default");
        cluster.EdsClusterConfig.ServiceName = "catalog-endpoints";
        var resources = XdsResources.Empty
            .WithService("catalog")
            .WithCluster(cluster, Assignment("catalog-endpoints", Zone("a", Endpoint("10.0.0.9"))));

        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None);

        Assert.Equal("10.0.0.9:8080", table.Clusters["catalog.default"].Pick(PickContext.None)!.Authority);
    }

    [Fact]
    public void Non_eds_cluster_is_not_routable()
    {
        var cluster = Cluster("catalog.default");
        cluster.Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.StrictDns;
        var resources = XdsResources.Empty.WithService("catalog").WithCluster(cluster, Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1"))));

        Assert.False(RoutingTable.Build(resources, null, LocalityPreferenceOptions.None).IsComplete("catalog"));
    }
}
