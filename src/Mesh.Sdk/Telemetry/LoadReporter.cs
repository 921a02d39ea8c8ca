using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Service.LoadStats.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using Mesh.Xds;
using Mesh.Xds.Grpc;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// Reports the load this process sent to each cluster to the control plane over the xDS Load Reporting Service
/// (<c>StreamLoadStats</c>): it introduces itself with its node, then sends, every interval the server asks
/// for, each cluster's successes, errors, calls in flight and latency histogram (<see cref="LoadReportLatency"/>)
/// since the previous report. A lost stream is retried with backoff; calls meanwhile go into the next report.
/// Each stream goes to the control plane the xDS client follows when it opens, so with several replicas a
/// client's load shows on the replica it gets its config from.
/// </summary>
internal sealed class LoadReporter : IAsyncDisposable
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<Uri, GrpcClientChannel> _channels = [];
    private readonly Func<Uri> _controlPlane;
    private readonly string? _tokenFile;
    private readonly Node _node;
    private readonly Func<RoutingTable> _table;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _run;

    public LoadReporter(XdsClientOptions options, Func<Uri> controlPlane, Func<RoutingTable> table, TimeProvider time, ILogger logger)
    {
        _controlPlane = controlPlane;
        _tokenFile = options.TokenFile;
        _node = XdsNode.Create(options);
        _table = table;
        _time = time;
        _logger = logger;
        _backoff = new ReconnectBackoff(options.InitialBackoff, options.MaxBackoff, Random.Shared);
    }

    /// <summary>Starts reporting in the background; later calls do nothing.</summary>
    public void Start() => _run ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_run is { } run)
        {
            await run.ConfigureAwait(false);
        }

        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var channel = Channel(_controlPlane());
            try
            {
                await StreamAsync(channel, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.LoadReportStreamFailed(_logger, channel.Address, exception.Message);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(_backoff.NextDelay(), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Only the reporting loop touches the channels, one per control-plane address it has reported to.
    private GrpcClientChannel Channel(Uri controlPlane)
    {
        if (!_channels.TryGetValue(controlPlane, out var channel))
        {
            _channels[controlPlane] = channel = new GrpcClientChannel(controlPlane, new GrpcClientOptions
            {
                HttpHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) },
                DisposeHttpHandler = true,
                TimeProvider = _time,
            });
        }

        return channel;
    }

    private async Task StreamAsync(GrpcClientChannel channel, CancellationToken cancellationToken)
    {
        using var streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = channel.DuplexStreaming(
            LoadReportingMethods.StreamLoadStats,
            new CallOptions(Security.WorkloadToken.Headers(_tokenFile), CancellationToken: streamCancellation.Token));
        await call.RequestStream.WriteAsync(new LoadStatsRequest { Node = _node }, cancellationToken).ConfigureAwait(false);
        if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _backoff.Reset();
        var settings = new ReportSettings(call.ResponseStream.Current);
        Log.LoadReporting(_logger, channel.Address, (long)settings.Interval.TotalMilliseconds);

        // Later responses change what is reported and how often; the stream's end stops the reports.
        var reading = ReadSettingsAsync(call.ResponseStream, settings, streamCancellation.Token);
        var last = _time.GetTimestamp();
        try
        {
            while (true)
            {
                var tick = Task.Delay(settings.Interval, _time, streamCancellation.Token);
                if (await Task.WhenAny(tick, reading).ConfigureAwait(false) == reading)
                {
                    await reading.ConfigureAwait(false);
                    return;
                }

                await tick.ConfigureAwait(false);
                var now = _time.GetTimestamp();
                var report = BuildReport(settings, _time.GetElapsedTime(last, now));
                last = now;
                await call.RequestStream.WriteAsync(report, streamCancellation.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            await streamCancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await reading.ConfigureAwait(false);
            }
            catch (Exception) when (streamCancellation.IsCancellationRequested)
            {
                // The read ends with the stream it was reading.
            }
        }
    }

    private static async Task ReadSettingsAsync(IAsyncStreamReader<LoadStatsResponse> responses, ReportSettings settings, CancellationToken cancellationToken)
    {
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            settings.Update(responses.Current);
        }
    }

    private LoadStatsRequest BuildReport(ReportSettings settings, TimeSpan interval)
    {
        var request = new LoadStatsRequest { Node = _node };
        foreach (var cluster in _table().Clusters.Values)
        {
            var telemetry = cluster.Resilience.Telemetry;
            if (!settings.Wants(telemetry.Cluster))
            {
                continue;
            }

            var inFlight = (ulong)Math.Max(0, cluster.Resilience.Shared.Counters.Requests);
            var load = telemetry.Load.Take();
            if (load.IsEmpty && inFlight == 0)
            {
                continue;
            }

            request.ClusterStats.Add(ClusterStatsOf(telemetry.Cluster, load, inFlight, interval));
        }

        return request;
    }

    private static ClusterStats ClusterStatsOf(string cluster, LoadSnapshot load, ulong inFlight, TimeSpan interval)
    {
        var locality = new UpstreamLocalityStats
        {
            Locality = new Locality(),
            TotalSuccessfulRequests = (ulong)load.Succeeded,
            TotalErrorRequests = (ulong)load.Failed,
            TotalIssuedRequests = (ulong)(load.Succeeded + load.Failed),
            TotalRequestsInProgress = inFlight,
        };
        var names = LoadReportLatency.MetricNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (load.BucketCounts[i] > 0)
            {
                locality.LoadMetricStats.Add(new EndpointLoadMetricStats
                {
                    MetricName = names[i],
                    NumRequestsFinishedWithMetric = (ulong)load.BucketCounts[i],
                    TotalMetricValue = load.BucketSeconds[i],
                });
            }
        }

        var stats = new ClusterStats { ClusterName = cluster, LoadReportInterval = Duration.FromTimeSpan(interval) };
        stats.UpstreamLocalityStats.Add(locality);
        return stats;
    }

    /// <summary>What the server last asked for: every cluster or some, and how often.</summary>
    private sealed class ReportSettings
    {
        private volatile Snapshot _current;

        public ReportSettings(LoadStatsResponse response) => _current = Snapshot.From(response);

        public TimeSpan Interval => _current.Interval;

        public bool Wants(string cluster) => _current.All || _current.Clusters.Contains(cluster);

        public void Update(LoadStatsResponse response) => _current = Snapshot.From(response);

        private sealed record Snapshot(bool All, HashSet<string> Clusters, TimeSpan Interval)
        {
            public static Snapshot From(LoadStatsResponse response)
            {
                var interval = response.LoadReportingInterval?.ToTimeSpan() ?? DefaultInterval;
                return new Snapshot(
                    response.SendAllClusters,
                    new HashSet<string>(response.Clusters, StringComparer.Ordinal),
                    interval < MinimumInterval ? MinimumInterval : interval);
            }
        }
    }
}
