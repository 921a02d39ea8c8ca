using Envoy.Config.Endpoint.V3;
using Mesh.Xds;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>
/// Call counts per latency bucket (the upper bounds of <see cref="LoadReportLatency"/>, read from the metric
/// names), merged from any number of reports, with percentiles interpolated linearly inside a bucket as
/// Prometheus' <c>histogram_quantile</c> does: exact to within the bucket a percentile falls in.
/// </summary>
internal sealed class LatencyHistogram
{
    private readonly SortedDictionary<double, long> _counts = [];

    public long Count { get; private set; }

    public void Add(IEnumerable<EndpointLoadMetricStats> metrics)
    {
        foreach (var metric in metrics)
        {
            if (LoadReportLatency.TryParse(metric.MetricName, out var bound))
            {
                Add(bound, (long)metric.NumRequestsFinishedWithMetric);
            }
        }
    }

    public void Add(LatencyHistogram other)
    {
        foreach (var (bound, count) in other._counts)
        {
            Add(bound, count);
        }
    }

    /// <summary>The calls per bucket, each bucket named as load reports name it (<see cref="LoadReportLatency.NameOf"/>).</summary>
    public SortedDictionary<string, long> ToBuckets()
    {
        var buckets = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (bound, count) in _counts)
        {
            buckets[LoadReportLatency.NameOf(bound)] = count;
        }

        return buckets;
    }

    /// <summary>A histogram of the calls per bucket <see cref="ToBuckets"/> wrote; names that are not buckets are skipped.</summary>
    public static LatencyHistogram FromBuckets(IReadOnlyDictionary<string, long> buckets)
    {
        var histogram = new LatencyHistogram();
        foreach (var (name, count) in buckets)
        {
            if (LoadReportLatency.TryParse(name, out var bound))
            {
                histogram.Add(bound, count);
            }
        }

        return histogram;
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the calls fall, in seconds; null without calls.</summary>
    public double? Quantile(double quantile)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = quantile * Count;
        var below = 0L;
        var last = 0d;
        foreach (var (upper, count) in _counts)
        {
            var lower = LowerBoundOf(upper);
            if (below + count >= rank)
            {
                // The overflow bucket has no upper bound: its calls are at least the last finite one.
                return double.IsPositiveInfinity(upper) ? lower : lower + ((upper - lower) * (rank - below) / count);
            }

            below += count;
            last = upper;
        }

        return last;
    }

    // Only buckets with calls are kept, so a bucket's lower bound is the bucket layout's previous bound.
    private static double LowerBoundOf(double upper)
    {
        var lower = 0d;
        foreach (var bound in LoadReportLatency.UpperBounds)
        {
            if (bound >= upper)
            {
                break;
            }

            lower = bound;
        }

        return lower;
    }

    private void Add(double bound, long count)
    {
        if (count <= 0)
        {
            return;
        }

        _counts[bound] = _counts.GetValueOrDefault(bound) + count;
        Count += count;
    }
}
