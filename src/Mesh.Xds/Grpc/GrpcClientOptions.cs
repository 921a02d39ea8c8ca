namespace Mesh.Xds.Grpc;

/// <summary>Settings for a <see cref="GrpcClientChannel"/>.</summary>
public sealed class GrpcClientOptions
{
    /// <summary>The 4 MiB default receive limit, as in other gRPC implementations.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// The handler that sends requests. Null (default): the channel creates a
    /// <see cref="SocketsHttpHandler"/> with <c>EnableMultipleHttp2Connections</c> and disposes it.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>. Default: false.</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>The largest response message accepted, in bytes. Default: 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>The largest request message sent, in bytes. Default: null (unlimited).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>The clock deadlines are measured against. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
