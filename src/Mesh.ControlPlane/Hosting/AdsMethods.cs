using Envoy.Service.Discovery.V3;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Hosting;

/// <summary>The gRPC methods of <c>envoy.service.discovery.v3.AggregatedDiscoveryService</c>.</summary>
internal static class AdsMethods
{
    public static Method<DiscoveryRequest, DiscoveryResponse> StreamAggregatedResources { get; } = new(
        MethodType.DuplexStreaming,
        "envoy.service.discovery.v3.AggregatedDiscoveryService",
        "StreamAggregatedResources",
        DiscoveryRequest.Parser,
        DiscoveryResponse.Parser);

    public static Method<DeltaDiscoveryRequest, DeltaDiscoveryResponse> DeltaAggregatedResources { get; } = new(
        MethodType.DuplexStreaming,
        "envoy.service.discovery.v3.AggregatedDiscoveryService",
        "DeltaAggregatedResources",
        DeltaDiscoveryRequest.Parser,
        DeltaDiscoveryResponse.Parser);
}
