using Envoy.Service.Discovery.V3;
using Mesh.Xds.Grpc;

namespace Mesh.Sdk.Xds;

/// <summary>The gRPC method of <c>envoy.service.discovery.v3.AggregatedDiscoveryService</c> the SDK calls.</summary>
internal static class AdsMethods
{
    public static Method<DiscoveryRequest, DiscoveryResponse> StreamAggregatedResources { get; } = new(
        MethodType.DuplexStreaming,
        "envoy.service.discovery.v3.AggregatedDiscoveryService",
        "StreamAggregatedResources",
        DiscoveryRequest.Parser,
        DiscoveryResponse.Parser);
}
