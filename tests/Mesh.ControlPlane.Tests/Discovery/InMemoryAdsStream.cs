using Envoy.Service.Discovery.V3;

namespace Mesh.ControlPlane.Tests.Discovery;

/// <summary>One state-of-the-world ADS call in memory.</summary>
internal sealed class InMemoryAdsStream(string peer)
    : InMemoryStream<DiscoveryRequest, DiscoveryResponse>("/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources", peer);
