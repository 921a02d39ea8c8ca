using Envoy.Config.Core.V3;
using Mesh.Sdk.Balancing;

namespace Mesh.Sdk.Tests.Balancing;

/// <summary>Endpoint sets for picker tests: <c>10.0.0.1:8080</c>, <c>10.0.0.2:8080</c>, … with the given weights.</summary>
internal static class TestEndpoints
{
    public static EndpointState[] Create(params uint[] weights)
    {
        var endpoints = new EndpointState[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            endpoints[i] = new EndpointState("catalog.default", $"10.0.0.{i + 1}", 8080, new EndpointLocality("eu", "a", string.Empty), weights[i], HealthStatus.Healthy);
        }

        return endpoints;
    }

    public static WeightedEndpointSet Set(params uint[] weights) => WeightedEndpointSet.ByEndpointWeight(Create(weights));
}
