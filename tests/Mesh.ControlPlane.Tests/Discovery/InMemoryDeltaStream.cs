using Envoy.Service.Discovery.V3;

namespace Mesh.ControlPlane.Tests.Discovery;

/// <summary>One incremental (delta) ADS call in memory.</summary>
internal sealed class InMemoryDeltaStream(string peer)
    : InMemoryStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>("/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources", peer);
