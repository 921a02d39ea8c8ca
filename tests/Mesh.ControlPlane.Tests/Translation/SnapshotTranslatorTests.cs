using Google.Protobuf;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class SnapshotTranslatorTests
{
    private static readonly string[] AllTypes =
        [TypeUrls.Listener, TypeUrls.RouteConfiguration, TypeUrls.Cluster, TypeUrls.ClusterLoadAssignment];

    [Theory]
    [InlineData(nameof(ClientKind.GrpcProxyless))]
    [InlineData(nameof(ClientKind.Envoy))]
    [InlineData(nameof(ClientKind.MeshSdk))]
    public void Same_config_translates_to_byte_identical_resources(string kindName)
    {
        var first = Serialize(new SnapshotTranslator().Translate(Rich(), Enum.Parse<ClientKind>(kindName)));
        var second = Serialize(new SnapshotTranslator().Translate(Rich(), Enum.Parse<ClientKind>(kindName)));

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Different_endpoints_change_the_serialized_resources()
    {
        var moved = With(Echo(ResourceMetadata.DefaultNamespace, Endpoint("127.0.0.1", 50053, "v1"), Endpoint("127.0.0.1", 50052, "v2")));

        Assert.NotEqual(
            Serialize(new SnapshotTranslator().Translate(With(Echo()), ClientKind.GrpcProxyless)),
            Serialize(new SnapshotTranslator().Translate(moved, ClientKind.GrpcProxyless)));
    }

    [Fact]
    public void Empty_config_translates_to_no_resources()
    {
        var set = new SnapshotTranslator().Translate(MeshConfig.Empty, ClientKind.Envoy);

        Assert.All(AllTypes, type => Assert.Empty(set.Get(type)));
    }

    // Endpoints listed out of order and in several localities, so any unsorted iteration shows up.
    private static MeshConfig Rich()
    {
        var west = new EndpointLocality("us-west-2", "us-west-2a", string.Empty);
        var east = new EndpointLocality("us-east-1", "us-east-1a", string.Empty);
        var service = Echo(
            ResourceMetadata.DefaultNamespace,
            Endpoint("10.0.0.9", 50052, "v2", west, 2),
            Endpoint("10.0.0.1", 50051, "v1", east),
            Endpoint("10.0.0.5", 50051, "v1", west));
        return With(
            service,
            [Route(Rule(null, [To("v1", 80), To("v2", 20)], TimeSpan.FromSeconds(2)))],
            [Policy(null, LoadBalancers.RingHash), Policy("v2", LoadBalancers.Random)]);
    }

    private static byte[] Serialize(XdsResourceSet set)
    {
        using var stream = new MemoryStream();
        foreach (var type in AllTypes)
        {
            foreach (var (name, resource) in set.Get(type))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(name));
                resource.WriteTo(stream);
            }
        }

        return stream.ToArray();
    }
}
