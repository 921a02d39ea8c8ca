namespace Mesh.Xds.Grpc.Server;

/// <summary>The response stream a server handler writes; each write is flushed to the caller.</summary>
internal sealed class ServerResponseStream<T>(HttpServerCallContext context) : IServerStreamWriter<T>
    where T : class, Google.Protobuf.IMessage<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return context.WriteMessageAsync(message, cancellationToken.CanBeCanceled ? cancellationToken : context.CancellationToken);
    }
}
