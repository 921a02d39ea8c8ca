using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using Route = Envoy.Config.Route.V3.Route;
using static Mesh.Sdk.Tests.Routing.TestXds;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;

namespace Mesh.Sdk.Tests.Routing;

public sealed class RouteEntryTests
{
    private static RouteEntry Entry(Route route, VirtualHostRetry? hostRetry = null)
    {
        var resources = XdsResources.Empty
            .WithService("catalog", route)
            .WithCluster("catalog.default|v1", LbPolicy.RoundRobin, Zone("a", Endpoint("10.0.0.1")))
            .WithCluster("catalog.default|v2", LbPolicy.RoundRobin, Zone("a", Endpoint("10.0.0.2")));
        if (hostRetry is not null)
        {
            resources.Routes["catalog.default"].VirtualHosts[0].RetryPolicy = hostRetry.Policy;
        }

        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None, new Random(7));
        Assert.True(table.TryGetService("catalog", out var service), string.Join(Environment.NewLine, table.Problems));
        return service.Routes[0];
    }

    [Theory]
    [InlineData(80u, 20u)]
    [InlineData(50u, 50u)]
    [InlineData(99u, 1u)]
    public void Splits_calls_by_cluster_weight_within_three_points(uint v1, uint v2)
    {
        var entry = Entry(Split("split", Prefix("/"), ("catalog.default|v1", v1), ("catalog.default|v2", v2)));

        var tally = Tally(5_000, () => entry.PickCluster().Name);

        var share = 100.0 * tally.GetValueOrDefault("catalog.default|v1") / 5_000;
        Assert.InRange(share, v1 * 100.0 / (v1 + v2) - 3, v1 * 100.0 / (v1 + v2) + 3);
    }

    [Fact]
    public void Zero_weight_cluster_never_takes_a_call()
    {
        var entry = Entry(Split("split", Prefix("/"), ("catalog.default|v1", 0), ("catalog.default|v2", 10)));

        var tally = Tally(1_000, () => entry.PickCluster().Name);

        Assert.Equal(1_000, tally["catalog.default|v2"]);
    }

    [Fact]
    public void Exposes_timeout_stream_duration_retry_policy_and_hash_header_as_plain_values()
    {
        var route = Route("rule-0", Prefix("/"), "catalog.default|v1");
        route.Route_.Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3));
        route.Route_.MaxStreamDuration = new RouteAction.Types.MaxStreamDuration { MaxStreamDuration_ = Duration.FromTimeSpan(TimeSpan.FromSeconds(4)) };
        route.Route_.RetryPolicy = new RetryPolicy
        {
            RetryOn = "5xx, reset,retriable-status-codes",
            NumRetries = 2,
            PerTryTimeout = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(500)),
            RetriableStatusCodes = { 503 },
            RetryBackOff = new RetryPolicy.Types.RetryBackOff { BaseInterval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)) },
        };
        route.Route_.HashPolicy.Add(new RouteAction.Types.HashPolicy { Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = "x-user" } });

        var entry = Entry(route);

        Assert.Equal("rule-0", entry.Name);
        Assert.Equal(TimeSpan.FromSeconds(3), entry.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(4), entry.MaxStreamDuration);
        Assert.Equal("x-user", entry.HashHeaderName);
        var retry = Assert.IsType<RouteRetryPolicy>(entry.RetryPolicy);
        Assert.Equal<string>(["5xx", "reset", "retriable-status-codes"], retry.RetryOn);
        Assert.Equal(2, retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(500), retry.PerTryTimeout);
        Assert.Equal<int>([503], retry.RetriableStatusCodes);
        Assert.Equal(TimeSpan.FromMilliseconds(10), retry.BaseInterval);
        Assert.Null(retry.MaxInterval);
    }

    [Fact]
    public void Unset_values_stay_null_and_virtual_host_retry_policy_applies()
    {
        var entry = Entry(Route("plain", Prefix("/"), "catalog.default|v1"), new VirtualHostRetry(new RetryPolicy { RetryOn = "unavailable" }));

        Assert.Null(entry.Timeout);
        Assert.Null(entry.MaxStreamDuration);
        Assert.Null(entry.HashHeaderName);
        Assert.Equal<string>(["unavailable"], entry.RetryPolicy!.RetryOn);
        Assert.Equal(1, entry.RetryPolicy.MaxRetries);
    }

    [Fact]
    public void Hashes_the_hash_policy_header_and_returns_null_without_it()
    {
        var route = Route("sticky", Prefix("/"), "catalog.default|v1");
        route.Route_.HashPolicy.Add(new RouteAction.Types.HashPolicy { Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = "x-user" } });
        var entry = Entry(route);

        var alice = entry.HashRequest(Request("http://catalog/", null, ("x-user", "alice")));

        Assert.Equal(XxHash64.HashUtf8("alice"), alice);
        Assert.Equal(alice, entry.HashRequest(Request("http://catalog/other", null, ("X-User", "alice"))));
        Assert.NotEqual(alice, entry.HashRequest(Request("http://catalog/", null, ("x-user", "bob"))));
        Assert.Null(entry.HashRequest(Request("http://catalog/")));
    }

    public sealed record VirtualHostRetry(RetryPolicy Policy);
}
