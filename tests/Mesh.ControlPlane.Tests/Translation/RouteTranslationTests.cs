using System.Collections.Immutable;
using Envoy.Config.Route.V3;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;
using ConfigRetryPolicy = Mesh.ControlPlane.Configuration.RetryPolicy;
using ConfigRouteMatch = Mesh.ControlPlane.Configuration.RouteMatch;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class RouteTranslationTests
{
    private static readonly ImmutableSortedDictionary<string, HeaderMatch> NoHeaders =
        ImmutableSortedDictionary<string, HeaderMatch>.Empty;

    private readonly SnapshotTranslator _translator = new();

    [Fact]
    public void Splits_traffic_80_20_with_total_weight()
    {
        var route = OnlyRoute(_translator.Translate(Interop(), ClientKind.GrpcProxyless));

        var weighted = route.Route_.WeightedClusters;
        Assert.Equal(["echo.default|v1", "echo.default|v2"], weighted.Clusters.Select(cluster => cluster.Name));
        Assert.Equal([80u, 20u], weighted.Clusters.Select(cluster => cluster.Weight!.Value));
        Assert.Equal(100u, weighted.TotalWeight);
    }

    [Fact]
    public void Drops_zero_weight_destinations_and_routes_a_single_one_to_its_cluster()
    {
        var config = With(Echo(), [Route(Rule(null, [To("v1", 0), To("v2", 100)]))]);

        var route = OnlyRoute(_translator.Translate(config, ClientKind.Envoy));

        Assert.Equal(RouteAction.ClusterSpecifierOneofCase.Cluster, route.Route_.ClusterSpecifierCase);
        Assert.Equal("echo.default|v2", route.Route_.Cluster);
    }

    [Fact]
    public void Routes_every_call_to_all_endpoints_without_a_traffic_route()
    {
        var set = _translator.Translate(With(Echo()), ClientKind.GrpcProxyless);

        var route = OnlyRoute(set);
        Assert.Equal("/", route.Match.Prefix);
        Assert.Equal("echo.default", route.Route_.Cluster);
    }

    [Fact]
    public void Virtual_host_answers_every_name_and_port_of_the_service()
    {
        var set = _translator.Translate(Interop(), ClientKind.GrpcProxyless);

        var domains = set.RouteConfiguration("echo.default").VirtualHosts.Single().Domains;
        Assert.Contains("echo", domains);
        Assert.Contains("echo:50051", domains);
        Assert.Contains("echo.default.svc.cluster.local", domains);
        Assert.Equal(domains.Count, domains.Distinct().Count());
    }

    [Fact]
    public void Translates_path_and_header_matches_in_rule_order_then_a_catch_all()
    {
        var headers = ImmutableSortedDictionary.CreateRange(
            StringComparer.Ordinal,
            [
                KeyValuePair.Create("x-beta", new HeaderMatch(null, null, null, true)),
                KeyValuePair.Create("x-tenant", new HeaderMatch(null, "acme-", null, null)),
                KeyValuePair.Create("x-user", new HeaderMatch("beta", null, null, null)),
            ]);
        var config = With(
            Echo(),
            [
                Route(
                    Rule(new ConfigRouteMatch(new PathMatch("/api/", null, null), "GET", headers), [To("v2", 100)]),
                    Rule(new ConfigRouteMatch(new PathMatch(null, "/health", null), null, NoHeaders), [To("v1", 100)]),
                    Rule(new ConfigRouteMatch(new PathMatch(null, null, "^/items/[0-9]+$"), null, NoHeaders), [To("v1", 100)])),
            ]);

        var routes = _translator.Translate(config, ClientKind.Envoy).RouteConfiguration("echo.default").VirtualHosts.Single().Routes;

        Assert.Equal(4, routes.Count);
        var first = routes[0].Match;
        Assert.Equal("/api/", first.Prefix);
        Assert.Equal([":method", "x-beta", "x-tenant", "x-user"], first.Headers.Select(header => header.Name));
        Assert.Equal("GET", first.Headers[0].StringMatch.Exact);
        Assert.True(first.Headers[1].PresentMatch);
        Assert.Equal("acme-", first.Headers[2].StringMatch.Prefix);
        Assert.Equal("beta", first.Headers[3].StringMatch.Exact);
        Assert.Equal("/health", routes[1].Match.Path);
        Assert.Equal("^/items/[0-9]+$", routes[2].Match.SafeRegex.Regex);
        Assert.Equal("/", routes[3].Match.Prefix);
        Assert.Equal("echo.default", routes[3].Route_.Cluster);
    }

    [Fact]
    public void Drops_post_method_match_for_grpc_clients_because_every_grpc_call_is_a_post()
    {
        var config = With(
            Echo(),
            [Route(Rule(new ConfigRouteMatch(null, "POST", NoHeaders), [To("v2", 100)]))]);

        var route = OnlyRoute(_translator.Translate(config, ClientKind.GrpcProxyless));

        Assert.Empty(route.Match.Headers);
    }

    [Fact]
    public void Translates_timeout_and_retries_for_envoy()
    {
        var retries = new ConfigRetryPolicy(3, TimeSpan.FromMilliseconds(500), ["5xx", "reset", "connect-failure", "unavailable"], 20);
        var config = With(Echo(), [Route(Rule(null, [To("v1", 100)], TimeSpan.FromSeconds(2), retries))]);

        var action = OnlyRoute(_translator.Translate(config, ClientKind.Envoy)).Route_;

        Assert.Equal(TimeSpan.FromSeconds(2), action.Timeout.ToTimeSpan());
        Assert.Null(action.MaxStreamDuration);
        Assert.Equal("5xx,reset,connect-failure,unavailable", action.RetryPolicy.RetryOn);
        Assert.Equal(3u, action.RetryPolicy.NumRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(500), action.RetryPolicy.PerTryTimeout.ToTimeSpan());
    }

    [Fact]
    public void Gives_grpc_clients_status_code_retries_and_a_max_stream_duration()
    {
        var retries = new ConfigRetryPolicy(2, null, ["5xx", "reset", "deadline-exceeded"], null);
        var config = With(Echo(), [Route(Rule(null, [To("v1", 100)], TimeSpan.FromSeconds(2), retries))]);

        var action = OnlyRoute(_translator.Translate(config, ClientKind.GrpcProxyless)).Route_;

        Assert.Equal(TimeSpan.FromSeconds(2), action.MaxStreamDuration.MaxStreamDuration_.ToTimeSpan());
        Assert.Equal("unavailable,deadline-exceeded", action.RetryPolicy.RetryOn);
        Assert.Equal(2u, action.RetryPolicy.NumRetries);
    }

    [Fact]
    public void Omits_retry_policy_with_zero_attempts()
    {
        var config = With(Echo(), [Route(Rule(null, [To("v1", 100)], retries: new ConfigRetryPolicy(0, null, ["unavailable"], null)))]);

        var action = OnlyRoute(_translator.Translate(config, ClientKind.GrpcProxyless)).Route_;

        Assert.Null(action.RetryPolicy);
    }

    [Fact]
    public void Applies_mesh_defaults_where_a_rule_says_nothing()
    {
        var mesh = MeshSpec.Default with
        {
            DefaultTimeout = TimeSpan.FromSeconds(15),
            DefaultRetries = new ConfigRetryPolicy(2, null, ["connect-failure", "reset"], null),
        };
        var config = With(Echo(), [Route(Rule(null, [To("v1", 100)]))], mesh: mesh);

        var action = OnlyRoute(_translator.Translate(config, ClientKind.MeshSdk)).Route_;

        Assert.Equal(TimeSpan.FromSeconds(15), action.Timeout.ToTimeSpan());
        Assert.Equal("connect-failure,reset", action.RetryPolicy.RetryOn);
    }

    [Fact]
    public void Hashes_on_the_configured_header()
    {
        var config = With(Echo(), [Route(Rule(null, [To("v1", 100)], hashOn: new HashPolicy("x-user-id")))]);

        var action = OnlyRoute(_translator.Translate(config, ClientKind.GrpcProxyless)).Route_;

        Assert.Equal("x-user-id", action.HashPolicy.Single().Header.HeaderName);
    }

    private static Envoy.Config.Route.V3.Route OnlyRoute(XdsResourceSet set) =>
        Assert.Single(set.RouteConfiguration("echo.default").VirtualHosts.Single().Routes);
}
