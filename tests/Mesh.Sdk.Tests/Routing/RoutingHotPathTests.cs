using Envoy.Config.Route.V3;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using static Mesh.Sdk.Tests.Routing.TestXds;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;

namespace Mesh.Sdk.Tests.Routing;

public sealed class RoutingHotPathTests
{
    [Theory]
    [InlineData(LbPolicy.RoundRobin)]
    [InlineData(LbPolicy.LeastRequest)]
    [InlineData(LbPolicy.RingHash)]
    [InlineData(LbPolicy.Random)]
    public void Routing_a_call_allocates_nothing(LbPolicy policy)
    {
        var sticky = Split("sticky", Prefix("/items", Exact(":method", "GET"), HeaderRegex("x-user", "[a-z]+")), ("catalog.default|v1", 90), ("catalog.default|v2", 10));
        sticky.Route_.HashPolicy.Add(new RouteAction.Types.HashPolicy { Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = "x-user" } });
        var resources = XdsResources.Empty
            .WithService("catalog", Route("orders", Path("/orders"), "catalog.default|v1"), sticky)
            .WithCluster(Cluster("catalog.default|v1", policy, localityWeighted: true), Assignment("catalog.default|v1",
                Zone("a", Endpoint("10.0.0.1"), Endpoint("10.0.0.2")),
                Zone("b", Endpoint("10.0.1.1"))))
            .WithCluster("catalog.default|v2", policy, Zone("a", Endpoint("10.0.2.1"), Endpoint("10.0.2.2", weight: 3)));
        var table = RoutingTable.Build(resources, null, new LocalityPreferenceOptions { Local = new EndpointLocality("eu", "a", string.Empty) });
        var request = Request("http://catalog.default:8080/items/42?page=1", HttpMethod.Get, ("x-user", "alice"));

        var host = request.RequestUri!.Authority;
        RouteOnce(table, host, request);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            RouteOnce(table, host, request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Matching_a_request_the_server_received_allocates_nothing()
    {
        var sticky = Route("sticky", Prefix("/items", Exact(":method", "GET"), HeaderRegex("x-user", "[a-z]+")), "catalog.default");
        var resources = XdsResources.Empty
            .WithService("catalog", Route("orders", Path("/orders"), "catalog.default"), sticky)
            .WithCluster("catalog.default", LbPolicy.RoundRobin, Zone("a", Endpoint("10.0.0.1")));
        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None);
        Assert.True(table.TryGetService("catalog", out var service));
        var request = new DefaultHttpContext().Request;
        request.Method = "GET";
        request.Path = "/items/42";
        request.Headers["x-user"] = "alice";

        Assert.Equal("sticky", service.Match(request)?.Name);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            service.Match(request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RouteOnce(RoutingTable table, string host, HttpRequestMessage request)
    {
        Assert.True(table.TryGetService(host, out var service));
        var route = service.Match(request);
        Assert.Equal("sticky", route?.Name);
        var endpoint = route!.PickCluster().Pick(new PickContext(route.HashRequest(request)));
        Assert.NotNull(endpoint);
        endpoint.BeginRequest();
        endpoint.EndRequest();
    }
}
