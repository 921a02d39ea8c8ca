using Envoy.Config.Core.V3;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class ClientKindsTests
{
    [Theory]
    [InlineData("gRPC Node Pure JS", nameof(ClientKind.GrpcProxyless))]
    [InlineData("gRPC Go", nameof(ClientKind.GrpcProxyless))]
    [InlineData("gRPC Java", nameof(ClientKind.GrpcProxyless))]
    [InlineData("envoy", nameof(ClientKind.Envoy))]
    [InlineData("mesh-dotnet", nameof(ClientKind.MeshSdk))]
    [InlineData("", nameof(ClientKind.GrpcProxyless))]
    [InlineData("curious-client", nameof(ClientKind.GrpcProxyless))]
    public void Decides_client_kind_from_user_agent_name(string userAgent, string expected)
    {
        Assert.Equal(Enum.Parse<ClientKind>(expected), ClientKinds.FromNode(new Node { Id = "n1", UserAgentName = userAgent }));
    }

    [Fact]
    public void Treats_a_missing_node_as_grpc_proxyless()
    {
        Assert.Equal(ClientKind.GrpcProxyless, ClientKinds.FromNode(null));
    }
}
