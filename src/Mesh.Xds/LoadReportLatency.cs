using System.Globalization;

namespace Mesh.Xds;

/// <summary>
/// How a load report carries a latency distribution within the standard LRS messages: one
/// <c>EndpointLoadMetricStats</c> per histogram bucket, named <c>mesh.latency_s.le.BOUND</c> (seconds,
/// <c>+Inf</c> for the last), whose <c>num_requests_finished_with_metric</c> counts the requests in that
/// bucket (not cumulative) and whose <c>total_metric_value</c> sums their latencies. Any LRS server that
/// does not know these names ignores them, as it would any other custom load metric.
/// </summary>
public static class LoadReportLatency
{
    /// <summary>The prefix of every bucket's metric name.</summary>
    public const string MetricPrefix = "mesh.latency_s.le.";

    private const string InfinityName = "+Inf";

    // An array, not the interface, so placing each call's latency costs no interface dispatch.
    private static readonly double[] Bounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>
    /// The buckets' upper bounds in seconds: the OpenTelemetry HTTP semantic-convention boundaries, with
    /// 0.5 ms, 1 ms and 2.5 ms added in front because in-cluster calls often take less than 5 ms.
    /// </summary>
    public static IReadOnlyList<double> UpperBounds => Bounds;

    /// <summary>The metric name of each bucket, the last being the overflow bucket <c>+Inf</c>; one more than <see cref="UpperBounds"/>.</summary>
    public static IReadOnlyList<string> MetricNames { get; } = CreateNames();

    /// <summary>The index of the bucket that holds <paramref name="seconds"/>.</summary>
    public static int BucketOf(double seconds)
    {
        var bounds = Bounds;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (seconds <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }

    /// <summary>Reads a bucket's upper bound from its metric name; false for any other metric.</summary>
    public static bool TryParse(string metricName, out double upperBound)
    {
        upperBound = 0;
        if (metricName is null || !metricName.StartsWith(MetricPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var bound = metricName.AsSpan(MetricPrefix.Length);
        if (bound.SequenceEqual(InfinityName))
        {
            upperBound = double.PositiveInfinity;
            return true;
        }

        return double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out upperBound) && upperBound > 0;
    }

    /// <summary>The metric name of the bucket whose upper bound is <paramref name="upperBound"/> seconds (<c>+Inf</c> for infinity).</summary>
    public static string NameOf(double upperBound) =>
        MetricPrefix + (double.IsPositiveInfinity(upperBound) ? InfinityName : upperBound.ToString("R", CultureInfo.InvariantCulture));

    private static string[] CreateNames()
    {
        var names = new string[UpperBounds.Count + 1];
        for (var i = 0; i < UpperBounds.Count; i++)
        {
            names[i] = NameOf(UpperBounds[i]);
        }

        names[^1] = NameOf(double.PositiveInfinity);
        return names;
    }
}
