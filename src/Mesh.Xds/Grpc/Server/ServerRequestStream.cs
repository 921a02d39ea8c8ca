using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Grpc.Server;

/// <summary>The request stream a server handler reads, straight off the HTTP/2 request body.</summary>
internal sealed class ServerRequestStream<T>(MessageReader<T> reader, HttpServerCallContext context) : IAsyncStreamReader<T>
    where T : class, Google.Protobuf.IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true yet.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : context.CancellationToken;
        _current = await context.ReadMessageAsync(reader, token).ConfigureAwait(false);
        return _current is not null;
    }
}
