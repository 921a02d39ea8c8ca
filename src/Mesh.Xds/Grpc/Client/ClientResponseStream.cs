using Google.Protobuf;

namespace Mesh.Xds.Grpc.Client;

/// <summary>The response stream of a client call; false at an OK end, RpcException otherwise.</summary>
internal sealed class ClientResponseStream<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true yet.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        _current = await call.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        return _current is not null;
    }
}
