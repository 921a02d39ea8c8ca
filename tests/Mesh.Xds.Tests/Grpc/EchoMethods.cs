using Mesh.Test.Echo;
using Mesh.Xds.Grpc;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>The methods of tests/interop/protos/echo.proto.</summary>
public static class EchoMethods
{
    private const string Service = "mesh.test.echo.Echo";

    public static readonly Method<EchoRequest, EchoReply> Unary =
        new(MethodType.Unary, Service, "Unary", EchoRequest.Parser, EchoReply.Parser);

    public static readonly Method<EchoRequest, EchoReply> ServerStream =
        new(MethodType.ServerStreaming, Service, "ServerStream", EchoRequest.Parser, EchoReply.Parser);

    public static readonly Method<EchoRequest, EchoReply> ClientStream =
        new(MethodType.ClientStreaming, Service, "ClientStream", EchoRequest.Parser, EchoReply.Parser);

    public static readonly Method<EchoRequest, EchoReply> Bidi =
        new(MethodType.DuplexStreaming, Service, "Bidi", EchoRequest.Parser, EchoReply.Parser);
}
