using Envoy.Config.Endpoint.V3;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>
/// One <see cref="TrafficKey"/>'s calls: totals since mesh-cp started, and the reports of the last
/// <see cref="TrafficStore.Window"/> for rates, success rate and latency. Guarded by the store's lock.
/// </summary>
internal sealed class TrafficSeries
{
    private readonly Queue<Slice> _slices = new();

    public long Requests { get; private set; }

    public long Errors { get; private set; }

    /// <summary>When the first reported interval began.</summary>
    public DateTimeOffset? FirstStart { get; private set; }

    public void Add(ClusterStats stats, DateTimeOffset at)
    {
        var slice = new Slice(at, stats.LoadReportInterval?.ToTimeSpan() ?? TimeSpan.Zero, new LatencyHistogram());
        foreach (var locality in stats.UpstreamLocalityStats)
        {
            slice.Succeeded += (long)locality.TotalSuccessfulRequests;
            slice.Failed += (long)locality.TotalErrorRequests;
            slice.Latency.Add(locality.LoadMetricStats);
        }

        FirstStart ??= at - slice.Interval;
        Requests += slice.Succeeded + slice.Failed;
        Errors += slice.Failed;
        _slices.Enqueue(slice);
    }

    /// <summary>Drops the reports older than <paramref name="since"/>.</summary>
    public void Trim(DateTimeOffset since)
    {
        while (_slices.TryPeek(out var oldest) && oldest.At < since)
        {
            _slices.Dequeue();
        }
    }

    /// <summary>Adds this series into <paramref name="window"/>, which spans at most <paramref name="length"/> before <paramref name="now"/>.</summary>
    public void AddTo(TrafficWindow window, DateTimeOffset now, TimeSpan length)
    {
        window.Requests += Requests;
        window.Errors += Errors;
        foreach (var slice in _slices)
        {
            window.WindowRequests += slice.Succeeded + slice.Failed;
            window.WindowErrors += slice.Failed;
            window.Latency.Add(slice.Latency);
        }

        // Series report in parallel: the window spans the longest-reporting of them, up to its length.
        var covered = FirstStart is { } first && now - first < length ? now - first : length;
        if (covered > window.Covered)
        {
            window.Covered = covered;
        }
    }

    /// <summary>This series as another replica reads it.</summary>
    public SeriesRecord ToRecord(TrafficKey key) => new(
        key.Service,
        key.Namespace,
        key.Subset,
        key.Caller,
        Requests,
        Errors,
        FirstStart,
        [.. _slices.Select(slice => new SliceRecord(slice.At, slice.Interval.TotalSeconds, slice.Succeeded, slice.Failed, slice.Latency.ToBuckets()))]);

    /// <summary>The series another replica wrote with <see cref="ToRecord"/>.</summary>
    public static TrafficSeries FromRecord(SeriesRecord record)
    {
        var series = new TrafficSeries { Requests = record.Requests, Errors = record.Errors, FirstStart = record.FirstStart };
        foreach (var slice in record.Slices)
        {
            var latency = LatencyHistogram.FromBuckets(slice.Latency);
            series._slices.Enqueue(new Slice(slice.At, TimeSpan.FromSeconds(slice.IntervalSeconds), latency) { Succeeded = slice.Succeeded, Failed = slice.Failed });
        }

        return series;
    }

    private sealed class Slice(DateTimeOffset at, TimeSpan interval, LatencyHistogram latency)
    {
        public DateTimeOffset At { get; } = at;

        public TimeSpan Interval { get; } = interval;

        public LatencyHistogram Latency { get; } = latency;

        public long Succeeded { get; set; }

        public long Failed { get; set; }
    }
}
