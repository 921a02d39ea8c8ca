using Envoy.Config.Endpoint.V3;
using Mesh.ControlPlane.Telemetry;
using Mesh.Xds;

namespace Mesh.ControlPlane.Tests.Telemetry;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Interpolates_a_percentile_inside_the_bucket_it_falls_in()
    {
        var histogram = new LatencyHistogram();
        histogram.Add([Bucket(0.075, 100)]);

        Assert.Equal(0.0625, histogram.Quantile(0.5)!.Value, 6);
        Assert.Equal(0.075, histogram.Quantile(1)!.Value, 6);
    }

    [Fact]
    public void Merges_reports_and_walks_the_buckets_in_order()
    {
        var histogram = new LatencyHistogram();
        histogram.Add([Bucket(0.005, 90)]);
        histogram.Add([Bucket(0.25, 10)]);

        Assert.InRange(histogram.Quantile(0.5)!.Value, 0.0025, 0.005);
        Assert.InRange(histogram.Quantile(0.95)!.Value, 0.1, 0.25);
        Assert.Equal(100, histogram.Count);
    }

    [Fact]
    public void Reports_the_last_finite_bound_for_calls_in_the_overflow_bucket_and_null_without_calls()
    {
        var histogram = new LatencyHistogram();
        Assert.Null(histogram.Quantile(0.5));

        histogram.Add([new EndpointLoadMetricStats { MetricName = LoadReportLatency.MetricNames[^1], NumRequestsFinishedWithMetric = 3 }]);

        Assert.Equal(10, histogram.Quantile(0.99));
    }

    [Fact]
    public void Ignores_load_metrics_that_are_not_latency_buckets()
    {
        var histogram = new LatencyHistogram();
        histogram.Add([new EndpointLoadMetricStats { MetricName = "cpu_utilization", NumRequestsFinishedWithMetric = 5 }]);

        Assert.Equal(0, histogram.Count);
    }

    private static EndpointLoadMetricStats Bucket(double upperBound, ulong count) => new()
    {
        MetricName = LoadReportLatency.MetricNames[LoadReportLatency.BucketOf(upperBound)],
        NumRequestsFinishedWithMetric = count,
    };
}
