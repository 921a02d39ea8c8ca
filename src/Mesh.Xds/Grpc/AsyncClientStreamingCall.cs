using Mesh.Xds.Grpc.Client;

namespace Mesh.Xds.Grpc;

/// <summary>A running client-streaming call. Disposing it cancels the call if it has not finished.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IClientCall _call;

    internal AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, IClientCall call)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
        _call = call;
    }

    /// <summary>The requests; call <see cref="IClientStreamWriter{T}.CompleteAsync"/> when done writing.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response; faults with <see cref="RpcException"/> on a non-OK status.</summary>
    public Task<TResponse> ResponseAsync { get; }

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
