using Mesh.Test.Echo;
using Mesh.Xds.Grpc;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>The methods of tests/interop/protos/echo.proto that these tests call.</summary>
internal static class EchoMethods
{
    private const string Service = "mesh.test.echo.Echo";

    public static Method<EchoRequest, EchoReply> Unary { get; } = new(MethodType.Unary, Service, "Unary", EchoRequest.Parser, EchoReply.Parser);

    public static Method<EchoRequest, EchoReply> ServerStream { get; } = new(MethodType.ServerStreaming, Service, "ServerStream", EchoRequest.Parser, EchoReply.Parser);
}
