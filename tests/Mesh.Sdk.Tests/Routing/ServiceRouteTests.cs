using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using Route = Envoy.Config.Route.V3.Route;
using static Mesh.Sdk.Tests.Routing.TestXds;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;

namespace Mesh.Sdk.Tests.Routing;

public sealed class ServiceRouteTests
{
    private static ServiceRoute Service(params Route[] routes)
    {
        var resources = XdsResources.Empty
            .WithService("catalog", routes)
            .WithCluster("catalog.default", LbPolicy.RoundRobin, Zone("a", Endpoint("10.0.0.1")));
        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None);
        Assert.True(table.TryGetService("catalog", out var service), string.Join(Environment.NewLine, table.Problems));
        return service;
    }

    private static string? Matched(ServiceRoute service, HttpRequestMessage request) => service.Match(request)?.Name;

    [Fact]
    public void First_matching_route_wins_even_when_a_later_one_is_more_specific()
    {
        var service = Service(
            Route("items", Prefix("/items"), "catalog.default"),
            Route("item-42", Path("/items/42"), "catalog.default"),
            Route("rest", Prefix("/"), "catalog.default"));

        Assert.Equal("items", Matched(service, Request("http://catalog/items/42")));
        Assert.Equal("rest", Matched(service, Request("http://catalog/basket")));
    }

    [Fact]
    public void Returns_no_route_when_nothing_matches()
    {
        var service = Service(Route("items", Prefix("/items"), "catalog.default"));

        Assert.Null(service.Match(Request("http://catalog/orders")));
    }

    [Fact]
    public void Prefix_is_case_sensitive_unless_the_route_says_otherwise()
    {
        var insensitive = Prefix("/items");
        insensitive.CaseSensitive = false;
        var service = Service(Route("sensitive", Prefix("/Items"), "catalog.default"), Route("insensitive", insensitive, "catalog.default"));

        Assert.Equal("sensitive", Matched(service, Request("http://catalog/Items/1")));
        Assert.Equal("insensitive", Matched(service, Request("http://catalog/ITEMS/1")));
    }

    [Fact]
    public void Exact_path_ignores_the_query_string()
    {
        var service = Service(Route("exact", Path("/items"), "catalog.default"));

        Assert.Equal("exact", Matched(service, Request("http://catalog/items?page=2")));
        Assert.Null(service.Match(Request("http://catalog/items/")));
    }

    [Fact]
    public void Regex_must_match_the_whole_path()
    {
        var service = Service(Route("numbered", Regex("/items/[0-9]+"), "catalog.default"));

        Assert.Equal("numbered", Matched(service, Request("http://catalog/items/42")));
        Assert.Null(service.Match(Request("http://catalog/items/42/reviews")));
        Assert.Null(service.Match(Request("http://catalog/v1/items/42")));
    }

    [Fact]
    public void Method_pseudo_header_matches_the_request_method()
    {
        var service = Service(Route("writes", Prefix("/", Exact(":method", "POST")), "catalog.default"), Route("reads", Prefix("/"), "catalog.default"));

        Assert.Equal("writes", Matched(service, Request("http://catalog/items", HttpMethod.Post)));
        Assert.Equal("reads", Matched(service, Request("http://catalog/items", HttpMethod.Get)));
    }

    [Fact]
    public void Authority_pseudo_header_matches_the_request_host()
    {
        var service = Service(Route("by-port", Prefix("/", HeaderPrefix(":authority", "catalog:8080")), "catalog.default"));

        Assert.Equal("by-port", Matched(service, Request("http://catalog:8080/")));
        Assert.Null(service.Match(Request("http://catalog/")));
    }

    [Fact]
    public void Header_matchers_test_exact_prefix_regex_and_presence()
    {
        var service = Service(
            Route("exact", Prefix("/", Exact("x-user", "alice")), "catalog.default"),
            Route("prefix", Prefix("/", HeaderPrefix("x-user", "bo")), "catalog.default"),
            Route("regex", Prefix("/", HeaderRegex("x-user", "c[a-z]+")), "catalog.default"),
            Route("present", Prefix("/", Present("x-user")), "catalog.default"),
            Route("absent", Prefix("/"), "catalog.default"));

        Assert.Equal("exact", Matched(service, Request("http://catalog/", null, ("x-user", "alice"))));
        Assert.Equal("prefix", Matched(service, Request("http://catalog/", null, ("x-user", "bob"))));
        Assert.Equal("regex", Matched(service, Request("http://catalog/", null, ("x-user", "carol"))));
        Assert.Equal("present", Matched(service, Request("http://catalog/", null, ("x-user", "carol2"))));
        Assert.Equal("absent", Matched(service, Request("http://catalog/")));
    }

    [Fact]
    public void Inverted_and_absent_header_matchers_match_the_opposite()
    {
        var inverted = Exact("x-canary", "true");
        inverted.InvertMatch = true;
        var service = Service(
            Route("not-canary", Prefix("/", inverted), "catalog.default"),
            Route("no-debug", Prefix("/", Present("x-debug", present: false)), "catalog.default"));

        Assert.Equal("not-canary", Matched(service, Request("http://catalog/")));
        Assert.Equal("not-canary", Matched(service, Request("http://catalog/", null, ("x-canary", "false"))));
        Assert.Equal("no-debug", Matched(service, Request("http://catalog/", null, ("x-canary", "true"))));
        Assert.Null(service.Match(Request("http://catalog/", null, ("x-canary", "true"), ("x-debug", "1"))));
    }

    [Fact]
    public void Header_matchers_see_content_headers()
    {
        var service = Service(Route("grpc", Prefix("/", HeaderPrefix("content-type", "application/grpc")), "catalog.default"));
        var request = Request("http://catalog/echo.Echo/Say", HttpMethod.Post);
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc+proto");

        Assert.Equal("grpc", Matched(service, request));
    }

    [Fact]
    public void Every_header_condition_of_a_route_must_hold()
    {
        var service = Service(Route("both", Prefix("/", Exact(":method", "GET"), Exact("x-user", "alice")), "catalog.default"));

        Assert.Equal("both", Matched(service, Request("http://catalog/", HttpMethod.Get, ("x-user", "alice"))));
        Assert.Null(service.Match(Request("http://catalog/", HttpMethod.Post, ("x-user", "alice"))));
        Assert.Null(service.Match(Request("http://catalog/", HttpMethod.Get)));
    }

    [Fact]
    public void Matches_a_request_the_server_received_by_path_method_and_headers_as_it_matches_an_outgoing_one()
    {
        var service = Service(
            Route("alice-writes", Prefix("/items", Exact(":method", "POST"), Exact("x-user", "alice")), "catalog.default"),
            Route("item-exact", Path("/items/42"), "catalog.default"),
            Route("rest", Prefix("/"), "catalog.default"));

        Assert.Equal("alice-writes", service.Match(Inbound("POST", "/items/7", "?page=2", ("x-user", "alice")))?.Name);
        Assert.Equal("item-exact", service.Match(Inbound("POST", "/items/42", "?page=2", ("x-user", "bob")))?.Name);
        Assert.Equal("rest", service.Match(Inbound("GET", "/items/7", string.Empty, ("x-user", "alice")))?.Name);
    }

    private static HttpRequest Inbound(string method, string path, string query, params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Path = path;
        request.QueryString = new QueryString(query);
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }

        return request;
    }
}
