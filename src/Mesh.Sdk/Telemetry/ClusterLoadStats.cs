using Mesh.Xds;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// Calls to one cluster finished since the last load report: successes, errors, and a latency histogram
/// with the buckets of <see cref="LoadReportLatency"/>. Recording is lock-free and allocation-free;
/// <see cref="Take"/> swaps each count for zero, so no call is reported twice or lost.
/// </summary>
internal sealed class ClusterLoadStats
{
    private readonly long[] _bucketCounts = new long[LoadReportLatency.MetricNames.Count];
    private readonly long[] _bucketMicroseconds = new long[LoadReportLatency.MetricNames.Count];
    private long _succeeded;
    private long _failed;

    /// <summary>Counts one finished call: an error when the mesh or the upstream answered 5xx (or its gRPC equivalent).</summary>
    public void Record(bool error, TimeSpan elapsed)
    {
        Interlocked.Increment(ref error ? ref _failed : ref _succeeded);
        var bucket = LoadReportLatency.BucketOf(elapsed.TotalSeconds);
        Interlocked.Increment(ref _bucketCounts[bucket]);
        Interlocked.Add(ref _bucketMicroseconds[bucket], (long)elapsed.TotalMicroseconds);
    }

    /// <summary>What was recorded since the previous call, counts reset to zero.</summary>
    public LoadSnapshot Take()
    {
        var counts = new long[_bucketCounts.Length];
        var seconds = new double[_bucketCounts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Exchange(ref _bucketCounts[i], 0);
            seconds[i] = Interlocked.Exchange(ref _bucketMicroseconds[i], 0) / 1e6;
        }

        return new LoadSnapshot(Interlocked.Exchange(ref _succeeded, 0), Interlocked.Exchange(ref _failed, 0), counts, seconds);
    }
}
