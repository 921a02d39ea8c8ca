using Envoy.Service.Discovery.V3;
using Mesh.Xds.Grpc;

namespace Mesh.Xds;

/// <summary>
/// The gRPC methods of <c>envoy.service.discovery.v3.AggregatedDiscoveryService</c>, shared by the
/// control plane that serves them and every client that calls them.
/// </summary>
public static class AdsMethods
{
    private const string ServiceName = "envoy.service.discovery.v3.AggregatedDiscoveryService";

    /// <summary>State-of-the-world ADS: <c>StreamAggregatedResources</c>.</summary>
    public static Method<DiscoveryRequest, DiscoveryResponse> StreamAggregatedResources { get; } = new(
        MethodType.DuplexStreaming,
        ServiceName,
        "StreamAggregatedResources",
        DiscoveryRequest.Parser,
        DiscoveryResponse.Parser);

    /// <summary>Incremental ADS: <c>DeltaAggregatedResources</c>.</summary>
    public static Method<DeltaDiscoveryRequest, DeltaDiscoveryResponse> DeltaAggregatedResources { get; } = new(
        MethodType.DuplexStreaming,
        ServiceName,
        "DeltaAggregatedResources",
        DeltaDiscoveryRequest.Parser,
        DeltaDiscoveryResponse.Parser);
}
