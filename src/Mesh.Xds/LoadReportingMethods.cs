using Envoy.Service.LoadStats.V3;
using Mesh.Xds.Grpc;

namespace Mesh.Xds;

/// <summary>
/// The gRPC method of <c>envoy.service.load_stats.v3.LoadReportingService</c> (LRS), through which clients
/// report the load they sent to each cluster, shared by the control plane that serves it and the SDK that calls it.
/// </summary>
public static class LoadReportingMethods
{
    private const string ServiceName = "envoy.service.load_stats.v3.LoadReportingService";

    /// <summary><c>StreamLoadStats</c>: the client sends its node, then a report each interval the server asks for.</summary>
    public static Method<LoadStatsRequest, LoadStatsResponse> StreamLoadStats { get; } = new(
        MethodType.DuplexStreaming,
        ServiceName,
        "StreamLoadStats",
        LoadStatsRequest.Parser,
        LoadStatsResponse.Parser);
}
