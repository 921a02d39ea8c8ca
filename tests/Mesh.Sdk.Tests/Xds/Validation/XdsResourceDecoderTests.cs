using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Xds;
using Mesh.Sdk.Xds.Validation;

namespace Mesh.Sdk.Tests.Xds.Validation;

public sealed class XdsResourceDecoderTests
{
    [Fact]
    public void Accepts_resources_shaped_like_mesh_cps()
    {
        Assert.True(Decode(XdsResourceKind.Listener, TestXdsResources.Listener("echo", "echo.default")).IsValid);
        Assert.True(Decode(XdsResourceKind.RouteConfiguration, TestXdsResources.Route("echo.default", ("a", 80), ("b", 20))).IsValid);
        Assert.True(Decode(XdsResourceKind.Cluster, TestXdsResources.Cluster("a", Cluster.Types.LbPolicy.RingHash)).IsValid);
        Assert.True(Decode(XdsResourceKind.ClusterLoadAssignment, TestXdsResources.Assignment("a", 7001, 7002)).IsValid);
    }

    [Fact]
    public void Rejects_listener_whose_filters_do_not_end_with_the_router()
    {
        var listener = TestXdsResources.ListenerWith("echo", manager =>
            manager.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.fault", TypedConfig = Any.Pack(new Empty()) }));

        var error = Assert.Single(Decode(XdsResourceKind.Listener, listener).Errors);

        Assert.StartsWith("Listener 'echo': ", error, StringComparison.Ordinal);
        Assert.Contains("http_filters[0] is the router filter, which must be last", error, StringComparison.Ordinal);
        Assert.Contains("must end with the router filter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_listener_without_rds_or_route_config()
    {
        var listener = TestXdsResources.ListenerWith("echo", manager => manager.ClearRouteSpecifier());

        var error = Assert.Single(Decode(XdsResourceKind.Listener, listener).Errors);

        Assert.Contains("neither rds nor route_config", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_listener_without_an_http_connection_manager()
    {
        var listener = TestXdsResources.Listener("echo", "echo");
        listener.ApiListener = null;

        var error = Assert.Single(Decode(XdsResourceKind.Listener, listener).Errors);

        Assert.Contains("api_listener is missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_weighted_clusters_that_add_up_to_zero()
    {
        var route = TestXdsResources.Route("echo.default", ("a", 0), ("b", 0));

        var error = Assert.Single(Decode(XdsResourceKind.RouteConfiguration, route).Errors);

        Assert.Equal("RouteConfiguration 'echo.default': virtual_hosts[0].routes[0].route.weighted_clusters: the cluster weights add up to 0", error);
    }

    [Fact]
    public void Rejects_a_route_with_an_invalid_regex()
    {
        var route = TestXdsResources.Route("echo.default", ("a", 1));
        route.VirtualHosts[0].Routes[0].Match = new RouteMatch { SafeRegex = new Envoy.Type.Matcher.V3.RegexMatcher { Regex = "/api/(" } };

        var error = Assert.Single(Decode(XdsResourceKind.RouteConfiguration, route).Errors);

        Assert.Contains("match.safe_regex '/api/(' is not a valid regex", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_cluster_with_an_unknown_lb_policy_naming_the_cluster()
    {
        var cluster = TestXdsResources.Cluster("echo.default|v1", (Cluster.Types.LbPolicy)99);

        var error = Assert.Single(Decode(XdsResourceKind.Cluster, cluster).Errors);

        Assert.StartsWith("Cluster 'echo.default|v1': lb_policy 99 (99) is not supported", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_cluster_that_is_not_eds()
    {
        var cluster = TestXdsResources.Cluster("a");
        cluster.Type = Cluster.Types.DiscoveryType.StrictDns;

        var error = Assert.Single(Decode(XdsResourceKind.Cluster, cluster).Errors);

        Assert.Contains("type StrictDns is not supported", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_endpoint_without_a_port()
    {
        var assignment = TestXdsResources.Assignment("a", 7001);
        assignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.ClearPortSpecifier();

        var error = Assert.Single(Decode(XdsResourceKind.ClusterLoadAssignment, assignment).Errors);

        Assert.Equal("ClusterLoadAssignment 'a': endpoints[0].lb_endpoints[0].endpoint.address.socket_address has no port_value", error);
    }

    [Fact]
    public void Rejects_priorities_with_a_gap()
    {
        var assignment = TestXdsResources.Assignment("a", 7001);
        assignment.Endpoints[0].Priority = 1;

        var error = Assert.Single(Decode(XdsResourceKind.ClusterLoadAssignment, assignment).Errors);

        Assert.Contains("priority 0 is missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_resource_of_another_type_and_undecodable_bytes()
    {
        var wrongType = Any.Pack(TestXdsResources.Cluster("a"));
        var garbage = new Any { TypeUrl = XdsTypeUrls.Listener, Value = ByteString.CopyFrom(0xFF, 0xFF, 0xFF) };

        var errors = XdsResourceDecoder.Decode(XdsResourceKind.Listener, [wrongType, garbage]).Errors;

        Assert.Equal(2, errors.Length);
        Assert.Contains("Listener #0: type 'type.googleapis.com/envoy.config.cluster.v3.Cluster' does not belong", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Listener #1: does not decode", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_name_that_appears_twice()
    {
        var cluster = Any.Pack(TestXdsResources.Cluster("a"));

        var decoded = XdsResourceDecoder.Decode(XdsResourceKind.Cluster, [cluster, cluster]);

        Assert.Equal("Cluster 'a': appears more than once in the response", Assert.Single(decoded.Errors));
    }

    private static DecodedResources Decode(XdsResourceKind kind, IMessage resource) =>
        XdsResourceDecoder.Decode(kind, [Any.Pack(resource)]);
}
