using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Mesh.ControlPlane.Configuration;
using Endpoint = Envoy.Config.Endpoint.V3.Endpoint;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// Builds a cluster's endpoints grouped by locality in sorted order. Every locality carries a
/// load_balancing_weight: without one grpc-js-xds drops it and the channel fails with no NACK.
/// </summary>
internal static class LoadAssignmentBuilder
{
    public static ClusterLoadAssignment Build(string clusterName, IEnumerable<ServiceEndpoint> endpoints)
    {
        var assignment = new ClusterLoadAssignment { ClusterName = clusterName };
        var byLocality = endpoints
            .GroupBy(endpoint => endpoint.Locality)
            .OrderBy(group => group.Key.Region, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Zone, StringComparer.Ordinal)
            .ThenBy(group => group.Key.SubZone, StringComparer.Ordinal);
        foreach (var group in byLocality)
        {
            var locality = new LocalityLbEndpoints
            {
                Locality = new Locality { Region = group.Key.Region, Zone = group.Key.Zone, SubZone = group.Key.SubZone },
                Priority = 0,
            };
            var total = 0u;
            var sorted = group
                .OrderBy(endpoint => endpoint.Host, StringComparer.Ordinal)
                .ThenBy(endpoint => endpoint.Port);
            foreach (var endpoint in sorted)
            {
                var weight = EffectiveWeight(endpoint);
                total = checked(total + weight);
                locality.LbEndpoints.Add(LbEndpoint(endpoint, weight));
            }

            locality.LoadBalancingWeight = total;
            assignment.Endpoints.Add(locality);
        }

        return assignment;
    }

    /// <summary>The endpoints whose labels include every label of <paramref name="subset"/>.</summary>
    public static IEnumerable<ServiceEndpoint> InSubset(IEnumerable<ServiceEndpoint> endpoints, ServiceSubset subset) =>
        endpoints.Where(endpoint => subset.Labels.All(
            label => endpoint.Labels.TryGetValue(label.Key, out var value) && value == label.Value));

    // xDS requires a weight of at least 1 wherever one is set.
    private static uint EffectiveWeight(ServiceEndpoint endpoint) => Math.Max(endpoint.Weight, 1u);

    private static LbEndpoint LbEndpoint(ServiceEndpoint endpoint, uint weight) => new()
    {
        Endpoint = new Endpoint
        {
            Address = new Address
            {
                SocketAddress = new SocketAddress { Address = endpoint.Host, PortValue = (uint)endpoint.Port },
            },
        },
        HealthStatus = HealthStatus.Healthy,
        LoadBalancingWeight = weight,
    };
}
