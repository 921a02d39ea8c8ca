namespace Mesh.Xds.Grpc;

/// <summary>Settings for the methods mapped with <c>MapGrpc*</c>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The largest request message accepted, in bytes. Default: 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcClientOptions.DefaultMaxReceiveMessageSize;

    /// <summary>The largest response message sent, in bytes. Default: null (unlimited).</summary>
    public int? MaxSendMessageSize { get; set; }
}
