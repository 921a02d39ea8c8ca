using System.Collections.Immutable;
using Envoy.Config.Endpoint.V3;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>
/// Every client's load reports, per service, subset and caller: totals since start and the last
/// <see cref="Window"/> of reports, from which <see cref="Snapshot"/> computes golden metrics.
/// </summary>
internal sealed class TrafficStore
{
    /// <summary>The span rates, success rates and latencies are computed over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Dictionary<TrafficKey, TrafficSeries> _series = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    public TrafficStore(TimeProvider time) => _time = time;

    public void Record(string caller, ClusterStats stats, DateTimeOffset at)
    {
        var key = TrafficKey.From(stats.ClusterName, caller);
        lock (_lock)
        {
            if (!_series.TryGetValue(key, out var series))
            {
                _series[key] = series = new TrafficSeries();
            }

            series.Add(stats, at);
            series.Trim(at - Window);
        }
    }

    /// <summary>Every series, trimmed to the window, as another replica merges it (<c>GET /stats/local</c>).</summary>
    public ImmutableArray<SeriesRecord> Export()
    {
        var since = _time.GetUtcNow() - Window;
        lock (_lock)
        {
            var records = ImmutableArray.CreateBuilder<SeriesRecord>(_series.Count);
            foreach (var (key, series) in _series)
            {
                series.Trim(since);
                records.Add(series.ToRecord(key));
            }

            return records.MoveToImmutable();
        }
    }

    /// <summary>
    /// The golden metrics of every service, each subset and each caller, and the edges of the call graph, over
    /// this store's series and <paramref name="others"/> (other replicas' series, each client reporting to one).
    /// </summary>
    public StatsView Snapshot(IEnumerable<SeriesRecord>? others = null)
    {
        var now = _time.GetUtcNow();
        var services = new SortedDictionary<(string Namespace, string Service), ServiceAccumulator>();
        var edges = new SortedDictionary<(string Caller, string Namespace, string Service), TrafficWindow>();
        void Accumulate(TrafficKey key, TrafficSeries series)
        {
            series.Trim(now - Window);
            if (!services.TryGetValue((key.Namespace, key.Service), out var service))
            {
                services[(key.Namespace, key.Service)] = service = new ServiceAccumulator();
            }

            series.AddTo(service.Total, now, Window);
            series.AddTo(Get(service.Subsets, key.Subset), now, Window);
            series.AddTo(Get(service.Callers, (key.Caller, key.Subset)), now, Window);
            series.AddTo(Get(edges, (key.Caller, key.Namespace, key.Service)), now, Window);
        }

        lock (_lock)
        {
            foreach (var (key, series) in _series)
            {
                Accumulate(key, series);
            }
        }

        foreach (var record in others ?? [])
        {
            Accumulate(new TrafficKey(record.Service, record.Namespace, record.Subset, record.Caller), TrafficSeries.FromRecord(record));
        }

        return new StatsView(
            now,
            Window.TotalSeconds,
            [.. services.Select(s => new ServiceStats(
                s.Key.Service,
                s.Key.Namespace,
                s.Value.Total.ToMetrics(),
                [.. s.Value.Subsets.Select(subset => new SubsetStats(subset.Key, subset.Value.ToMetrics()))],
                [.. s.Value.Callers.Select(caller => new CallerStats(caller.Key.Caller, caller.Key.Subset, caller.Value.ToMetrics()))]))],
            [.. edges.Select(e => new EdgeStats(e.Key.Caller, e.Key.Service, e.Key.Namespace, e.Value.ToMetrics()))]);
    }

    private static TrafficWindow Get<TKey>(SortedDictionary<TKey, TrafficWindow> windows, TKey key)
        where TKey : notnull
    {
        if (!windows.TryGetValue(key, out var window))
        {
            windows[key] = window = new TrafficWindow();
        }

        return window;
    }

    private sealed class ServiceAccumulator
    {
        public TrafficWindow Total { get; } = new();

        public SortedDictionary<string, TrafficWindow> Subsets { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<(string Caller, string Subset), TrafficWindow> Callers { get; } = new();
    }
}
