namespace Mesh.Sdk.Hosting;

/// <summary>
/// Keeps grpc-dotnet's own balancer out of the way. A <c>GrpcChannel</c> given a <see cref="SocketsHttpHandler"/>
/// otherwise sets its <c>ConnectCallback</c> to the address the channel picked, silently overriding the endpoint
/// the mesh handler chose. grpc-dotnet checks this property when the channel is created; the same one
/// Microsoft.Extensions.ServiceDiscovery sets.
/// </summary>
internal static class GrpcLoadBalancing
{
    public const string DisabledProperty = "__GrpcLoadBalancingDisabled";

    /// <summary>Marks <paramref name="primary"/> when it is a <see cref="SocketsHttpHandler"/>; other handlers are left alone.</summary>
    public static void Disable(HttpMessageHandler? primary)
    {
        if (primary is SocketsHttpHandler sockets)
        {
            sockets.Properties[DisabledProperty] = true;
        }
    }
}
