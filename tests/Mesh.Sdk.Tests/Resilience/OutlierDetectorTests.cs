using Envoy.Config.Cluster.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using Microsoft.Extensions.Time.Testing;
using static Mesh.Sdk.Tests.Routing.TestXds;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;

namespace Mesh.Sdk.Tests.Resilience;

public sealed class OutlierDetectorTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Ejects_an_endpoint_after_five_consecutive_5xx_and_takes_it_back_after_the_ejection_time()
    {
        var cluster = Build(new OutlierDetection { BaseEjectionTime = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)), MaxEjectionPercent = 50 });
        var endpoint = cluster.Endpoints[0];
        var detector = cluster.Resilience.Outliers!;

        for (var i = 0; i < 4; i++)
        {
            Assert.Null(detector.RecordFailure(endpoint, 500));
        }

        detector.RecordSuccess(endpoint);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(detector.RecordFailure(endpoint, 503));
        }

        Assert.Equal("consecutive_5xx", detector.RecordFailure(endpoint, 502));
        Assert.True(endpoint.IsEjected);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(endpoint.IsEjected);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(endpoint.IsEjected);
    }

    [Fact]
    public void Ejects_for_longer_each_time_an_endpoint_is_ejected_again()
    {
        var cluster = Build(new OutlierDetection
        {
            Consecutive5Xx = 1,
            BaseEjectionTime = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            MaxEjectionTime = Duration.FromTimeSpan(TimeSpan.FromSeconds(25)),
            MaxEjectionPercent = 50,
        });
        var endpoint = cluster.Endpoints[0];
        var detector = cluster.Resilience.Outliers!;

        foreach (var expected in new[] { 10, 20, 25 })
        {
            Assert.NotNull(detector.RecordFailure(endpoint, 500));
            _time.Advance(TimeSpan.FromSeconds(expected) - TimeSpan.FromMilliseconds(1));
            Assert.True(endpoint.IsEjected);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.False(endpoint.IsEjected);
        }
    }

    [Fact]
    public void Ejects_no_more_than_max_ejection_percent_of_the_endpoints()
    {
        var cluster = Build(new OutlierDetection { Consecutive5Xx = 1, MaxEjectionPercent = 30 });
        var detector = cluster.Resilience.Outliers!;

        foreach (var endpoint in cluster.Endpoints)
        {
            detector.RecordFailure(endpoint, null);
        }

        Assert.Equal(1, cluster.Endpoints.Count(endpoint => endpoint.IsEjected));
    }

    [Fact]
    public void Ejects_an_endpoint_whose_success_rate_falls_far_below_the_others_when_the_interval_closes()
    {
        var cluster = Build(
            new OutlierDetection
            {
                Consecutive5Xx = 1000,
                Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
                SuccessRateMinimumHosts = 3,
                SuccessRateRequestVolume = 10,
                SuccessRateStdevFactor = 1000,
                MaxEjectionPercent = 50,
            },
            endpoints: 5);
        var detector = cluster.Resilience.Outliers!;
        detector.RecordSuccess(cluster.Endpoints[0]);
        for (var i = 0; i < 20; i++)
        {
            foreach (var endpoint in cluster.Endpoints.Skip(1))
            {
                detector.RecordSuccess(endpoint);
            }

            if (i % 2 == 0)
            {
                detector.RecordFailure(cluster.Endpoints[0], 500);
            }
            else
            {
                detector.RecordSuccess(cluster.Endpoints[0]);
            }
        }

        Assert.False(cluster.Endpoints[0].IsEjected);
        _time.Advance(TimeSpan.FromSeconds(1));
        detector.RecordSuccess(cluster.Endpoints[1]);

        Assert.True(cluster.Endpoints[0].IsEjected);
        Assert.Equal(1, cluster.Endpoints.Count(endpoint => endpoint.IsEjected));
    }

    [Fact]
    public void An_ejection_and_the_breaker_counts_survive_a_config_change()
    {
        var resources = Resources(new OutlierDetection { Consecutive5Xx = 1, MaxEjectionPercent = 50 }, 3);
        var firstTable = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None, time: _time);
        var first = firstTable.Clusters["catalog.default"];
        first.Resilience.Outliers!.RecordFailure(first.Endpoints[1], 503);
        Assert.Null(first.Resilience.Breaker.TryEnter(holdsConnection: false));

        var changed = Cluster("catalog.default", LbPolicy.LeastRequest);
        changed.OutlierDetection = new OutlierDetection { Consecutive5Xx = 2, MaxEjectionPercent = 50 };
        var second = RoutingTable.Build(
            resources.WithCluster(changed, resources.Endpoints["catalog.default"]), firstTable, LocalityPreferenceOptions.None, time: _time).Clusters["catalog.default"];

        Assert.NotSame(first, second);
        Assert.True(second.Endpoints[1].IsEjected);
        Assert.Equal(1, second.Resilience.Breaker.Counters.Requests);
    }

    [Fact]
    public void Pickers_skip_ejected_endpoints()
    {
        foreach (var policy in new[] { LbPolicy.RoundRobin, LbPolicy.LeastRequest, LbPolicy.Random, LbPolicy.RingHash })
        {
            var cluster = Build(new OutlierDetection { Consecutive5Xx = 1, MaxEjectionPercent = 50 }, policy: policy);
            var ejected = cluster.Endpoints[0];
            cluster.Resilience.Outliers!.RecordFailure(ejected, 500);

            for (var i = 0; i < 300; i++)
            {
                Assert.NotSame(ejected, cluster.Pick(new PickContext((ulong)i * 7919)));
            }
        }
    }

    private ClusterState Build(OutlierDetection detection, int endpoints = 3, LbPolicy policy = LbPolicy.RoundRobin) =>
        RoutingTable.Build(Resources(detection, endpoints, policy), null, LocalityPreferenceOptions.None, time: _time).Clusters["catalog.default"];

    private static XdsResources Resources(OutlierDetection detection, int endpoints, LbPolicy policy = LbPolicy.RoundRobin)
    {
        var cluster = Cluster("catalog.default", policy);
        cluster.OutlierDetection = detection;
        var addresses = Enumerable.Range(1, endpoints).Select(i => Endpoint($"10.0.0.{i}")).ToArray();
        return XdsResources.Empty.WithService("catalog").WithCluster(cluster, Assignment("catalog.default", Zone("a", addresses)));
    }
}
