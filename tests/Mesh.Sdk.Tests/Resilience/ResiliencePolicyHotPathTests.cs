using Envoy.Config.Cluster.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Http.LocalRatelimit.V3;
using Envoy.Type.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using Microsoft.Extensions.Time.Testing;
using static Mesh.Sdk.Tests.Routing.TestXds;

namespace Mesh.Sdk.Tests.Resilience;

public sealed class ResiliencePolicyHotPathTests
{
    [Fact]
    public void Resolving_and_accounting_a_call_under_every_policy_allocates_nothing()
    {
        var route = ResilienceRig.Route(ResilienceRig.Retry("5xx,reset", 2), TimeSpan.FromSeconds(2));
        route.TypedPerFilterConfig["envoy.filters.http.fault"] = Any.Pack(new HTTPFault
        {
            Abort = new FaultAbort { HttpStatus = 503, Percentage = new FractionalPercent { Numerator = 0 } },
            Headers = { Exact("x-fault", "on") },
        });
        route.TypedPerFilterConfig["envoy.filters.http.local_ratelimit"] = Any.Pack(new LocalRateLimit
        {
            StatPrefix = "catalog",
            TokenBucket = new TokenBucket { MaxTokens = 1_000_000, FillInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) },
        });
        var cluster = Cluster("catalog.default");
        cluster.OutlierDetection = new OutlierDetection { Consecutive5Xx = 1, MaxEjectionPercent = 50 };
        cluster.CircuitBreakers = new CircuitBreakers { Thresholds = { new CircuitBreakers.Types.Thresholds { MaxRequests = 100 } } };
        var resources = XdsResources.Empty.WithService("catalog", route)
            .WithCluster(cluster, Assignment("catalog.default", Zone("a", Endpoint("10.0.0.1"), Endpoint("10.0.0.2"), Endpoint("10.0.0.3"))));
        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None, time: new FakeTimeProvider());
        var state = table.Clusters["catalog.default"];
        state.Resilience.Outliers!.RecordFailure(state.Endpoints[0], 503);
        var request = Request("http://catalog/items", HttpMethod.Get);

        Once(table, request);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Once(table, request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Once(RoutingTable table, HttpRequestMessage request)
    {
        Assert.True(table.TryGetService("catalog", out var service));
        var route = service.Match(request)!;
        var policy = route.Policy;
        Assert.False(policy.Fault!.Applies(request));
        Assert.True(policy.RateLimit!.Bucket.TryTake());
        Assert.NotNull(policy.Retry);
        var cluster = route.PickCluster();
        var resilience = cluster.Resilience;
        resilience.Budget.Deposit(resilience.Breaker.RetryRatio);
        var endpoint = cluster.Pick(new PickContext(route.HashRequest(request)))!;
        Assert.False(endpoint.IsEjected);
        Assert.Null(resilience.Breaker.TryEnter(holdsConnection: true));
        resilience.Breaker.HeadersArrived();
        resilience.Outliers!.RecordSuccess(endpoint);
        resilience.Breaker.Exit(holdsConnection: true);
    }
}
