using Envoy.Config.Endpoint.V3;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Telemetry;
using Mesh.Xds;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Telemetry;

public sealed class TrafficStoreTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Sums_reports_per_service_subset_and_caller_and_draws_an_edge_per_caller_and_service()
    {
        var store = new TrafficStore(_time);
        Report(store, "web", "catalog.default|v1", succeeded: 90, failed: 10);
        Report(store, "web", "catalog.default|v2", succeeded: 20, failed: 0);
        Report(store, "basket", "catalog.default|v1", succeeded: 30, failed: 0);

        var stats = store.Snapshot();

        var catalog = Assert.Single(stats.Services);
        Assert.Equal(("catalog", "default"), (catalog.Service, catalog.Namespace));
        Assert.Equal((150, 10), (catalog.Metrics.Requests, catalog.Metrics.Errors));
        Assert.Equal(["v1", "v2"], catalog.Subsets.Select(s => s.Subset));
        Assert.Equal(130, catalog.Subsets[0].Metrics.Requests);
        Assert.Equal([("basket", "v1", 30L), ("web", "v1", 100L), ("web", "v2", 20L)], catalog.Callers.Select(c => (c.Caller, c.Subset, c.Metrics.Requests)));
        Assert.Equal([("basket", 30L), ("web", 120L)], stats.Edges.Select(e => (e.Caller, e.Metrics.Requests)));
        Assert.Equal(120d / 130, catalog.Subsets.Single(s => s.Subset == "v1").Metrics.SuccessRate!.Value, 4);
    }

    [Fact]
    public void Rates_count_the_time_reports_cover_and_forget_reports_older_than_the_window_but_not_the_totals()
    {
        var store = new TrafficStore(_time);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(Interval);
            Report(store, "web", "catalog.default|v1", succeeded: 20, failed: 0);
        }

        // Five reports of 20 calls over 10 s.
        Assert.Equal(10, store.Snapshot().Services[0].Metrics.Rps);

        _time.Advance(TrafficStore.Window + TimeSpan.FromSeconds(1));
        var later = store.Snapshot().Services[0].Metrics;

        Assert.Equal((100L, 0L, 0d), (later.Requests, later.WindowRequests, later.Rps));
        Assert.Null(later.SuccessRate);
        Assert.Null(later.P50Ms);
    }

    [Fact]
    public void Another_replicas_series_read_back_from_json_merge_as_if_reported_here()
    {
        var here = new TrafficStore(_time);
        var there = new TrafficStore(_time);
        var both = new TrafficStore(_time);
        _time.Advance(Interval);
        Report(here, "web", "catalog.default|v1", succeeded: 90, failed: 10);
        Report(both, "web", "catalog.default|v1", succeeded: 90, failed: 10);
        _time.Advance(Interval);
        Report(there, "basket", "catalog.default|v2", succeeded: 30, failed: 0);
        Report(both, "basket", "catalog.default|v2", succeeded: 30, failed: 0);
        Report(there, "web", "catalog.default|v1", succeeded: 5, failed: 5);
        Report(both, "web", "catalog.default|v1", succeeded: 5, failed: 5);

        var json = ConfigJson.Create(includeLocations: false, indented: false);
        var wire = JsonSerializer.Serialize(new LocalTraffic("there", there.Export()), json);
        var read = JsonSerializer.Deserialize<LocalTraffic>(wire, json)!;
        var merged = here.Snapshot(read.Series);

        Assert.Equal(JsonSerializer.Serialize(both.Snapshot(), json), JsonSerializer.Serialize(merged, json));
        Assert.Contains("mesh.latency_s.le.0.005", wire, StringComparison.Ordinal);
    }

    private void Report(TrafficStore store, string caller, string cluster, ulong succeeded, ulong failed)
    {
        var locality = new UpstreamLocalityStats { TotalSuccessfulRequests = succeeded, TotalErrorRequests = failed };
        locality.LoadMetricStats.Add(new EndpointLoadMetricStats
        {
            MetricName = LoadReportLatency.MetricNames[LoadReportLatency.BucketOf(0.004)],
            NumRequestsFinishedWithMetric = succeeded + failed,
            TotalMetricValue = 0.004 * (succeeded + failed),
        });
        var stats = new ClusterStats { ClusterName = cluster, LoadReportInterval = Duration.FromTimeSpan(Interval) };
        stats.UpstreamLocalityStats.Add(locality);
        store.Record(caller, stats, _time.GetUtcNow());
    }
}
