using Envoy.Service.LoadStats.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>
/// The xDS Load Reporting Service (<c>envoy.service.load_stats.v3.LoadReportingService</c>): asks each client
/// that opens <c>StreamLoadStats</c> for every cluster every <see cref="ReportInterval"/>, and adds each report
/// to the <see cref="TrafficStore"/> under the client's service (<c>node.cluster</c>) as the caller.
/// </summary>
internal sealed class LoadStatsService
{
    /// <summary>How often clients are asked to report.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(2);

    private readonly TrafficStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<LoadStatsService> _logger;

    public LoadStatsService(TrafficStore store, TimeProvider time, ILogger<LoadStatsService> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Serves one client's load reports until it leaves; a first request without a node is refused.</summary>
    public async Task StreamLoadStatsAsync(
        IAsyncStreamReader<LoadStatsRequest> requests,
        IServerStreamWriter<LoadStatsResponse> responses,
        ServerCallContext context)
    {
        var token = context.CancellationToken;
        if (!await requests.MoveNext(token).ConfigureAwait(false))
        {
            return;
        }

        var node = requests.Current.Node;
        if (node is null || string.IsNullOrEmpty(node.Id))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first LoadStatsRequest must carry node with an id"));
        }

        var caller = string.IsNullOrEmpty(node.Cluster) ? node.Id : node.Cluster;
        Log.ReporterConnected(_logger, node.Id, caller, context.Peer);
        await responses.WriteAsync(new LoadStatsResponse { SendAllClusters = true, LoadReportingInterval = Duration.FromTimeSpan(ReportInterval) }, token).ConfigureAwait(false);
        Record(caller, requests.Current);
        try
        {
            while (await requests.MoveNext(token).ConfigureAwait(false))
            {
                Record(caller, requests.Current);
            }
        }
        finally
        {
            Log.ReporterDisconnected(_logger, node.Id);
        }
    }

    private void Record(string caller, LoadStatsRequest request)
    {
        var now = _time.GetUtcNow();
        foreach (var cluster in request.ClusterStats)
        {
            _store.Record(caller, cluster, now);
        }
    }
}
