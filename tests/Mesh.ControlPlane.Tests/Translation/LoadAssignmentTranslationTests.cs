using Envoy.Config.Core.V3;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class LoadAssignmentTranslationTests
{
    private readonly SnapshotTranslator _translator = new();

    [Fact]
    public void Subset_cluster_gets_only_endpoints_carrying_its_labels()
    {
        var set = _translator.Translate(Interop(), ClientKind.GrpcProxyless);

        Assert.Equal([50051u], Ports(set, "echo.default|v1"));
        Assert.Equal([50052u], Ports(set, "echo.default|v2"));
        Assert.Equal([50051u, 50052u], Ports(set, "echo.default"));
    }

    [Fact]
    public void Every_locality_carries_the_sum_of_its_endpoint_weights()
    {
        var set = _translator.Translate(Interop(), ClientKind.GrpcProxyless);

        var locality = Assert.Single(set.LoadAssignment("echo.default").Endpoints);
        Assert.Equal(2u, locality.LoadBalancingWeight);
        Assert.Equal(0u, locality.Priority);
        Assert.All(locality.LbEndpoints, endpoint =>
        {
            Assert.Equal(HealthStatus.Healthy, endpoint.HealthStatus);
            Assert.Equal(1u, endpoint.LoadBalancingWeight);
            Assert.Equal("127.0.0.1", endpoint.Endpoint.Address.SocketAddress.Address);
        });
    }

    [Fact]
    public void Groups_endpoints_by_locality_in_sorted_order()
    {
        var east = new EndpointLocality("us-east-1", "us-east-1b", string.Empty);
        var eastA = new EndpointLocality("us-east-1", "us-east-1a", string.Empty);
        var service = Echo(
            ResourceMetadata.DefaultNamespace,
            Endpoint("10.0.0.3", 8080, "v1", east, 3),
            Endpoint("10.0.0.1", 8080, "v1", eastA, 2),
            Endpoint("10.0.0.2", 8080, "v1", east, 4));

        var assignment = _translator.Translate(With(service), ClientKind.Envoy).LoadAssignment("echo.default|v1");

        Assert.Equal(["us-east-1a", "us-east-1b"], assignment.Endpoints.Select(locality => locality.Locality.Zone));
        Assert.Equal([2u, 7u], assignment.Endpoints.Select(locality => locality.LoadBalancingWeight!.Value));
        Assert.Equal(
            ["10.0.0.2", "10.0.0.3"],
            assignment.Endpoints[1].LbEndpoints.Select(endpoint => endpoint.Endpoint.Address.SocketAddress.Address));
    }

    [Fact]
    public void Names_each_assignment_after_its_cluster()
    {
        var set = _translator.Translate(Interop(), ClientKind.GrpcProxyless);

        Assert.Equal(set.Get(TypeUrls.Cluster).Keys, set.Get(TypeUrls.ClusterLoadAssignment).Keys);
        Assert.Equal("echo.default|v2", set.LoadAssignment("echo.default|v2").ClusterName);
    }

    private static IEnumerable<uint> Ports(XdsResourceSet set, string cluster) =>
        set.LoadAssignment(cluster).Endpoints
            .SelectMany(locality => locality.LbEndpoints)
            .Select(endpoint => endpoint.Endpoint.Address.SocketAddress.PortValue);
}
