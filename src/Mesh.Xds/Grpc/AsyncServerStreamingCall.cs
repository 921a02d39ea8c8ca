using Mesh.Xds.Grpc.Client;

namespace Mesh.Xds.Grpc;

/// <summary>A running server-streaming call. Disposing it cancels the call if it has not finished.</summary>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly IClientCall _call;

    internal AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, IClientCall call)
    {
        ResponseStream = responseStream;
        _call = call;
    }

    /// <summary>The responses; MoveNext is false at an OK end and throws <see cref="RpcException"/> otherwise.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The response headers; faults with <see cref="RpcException"/> when the call fails before they arrive.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    /// <summary>The call's status; throws <see cref="InvalidOperationException"/> until the call is complete.</summary>
    /// <returns>The status.</returns>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The call's trailers; throws <see cref="InvalidOperationException"/> until the call is complete.</summary>
    /// <returns>The trailers.</returns>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <inheritdoc/>
    public void Dispose() => _call.Dispose();
}
