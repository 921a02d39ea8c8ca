using Google.Protobuf;
using Mesh.Xds.Grpc.Client;
using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Grpc;

/// <summary>
/// Makes gRPC calls to one address over HTTP/2: h2c for <c>http://</c>, TLS with ALPN h2 for <c>https://</c>.
/// Thread-safe; share one per target.
/// </summary>
public sealed class GrpcClientChannel : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly GrpcClientOptions _options;

    /// <summary>Creates a channel to <paramref name="address"/>, such as <c>http://127.0.0.1:5000</c>.</summary>
    /// <param name="address">The server's base address; only scheme and authority are used.</param>
    /// <param name="options">Channel settings; null for defaults.</param>
    public GrpcClientChannel(Uri address, GrpcClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"gRPC address '{address}' must be an absolute http:// or https:// URI.", nameof(address));
        }

        _options = options ?? new GrpcClientOptions();
        if (_options.MaxReceiveMessageSize <= 0)
        {
            throw new ArgumentException("GrpcClientOptions.MaxReceiveMessageSize must be positive.", nameof(options));
        }

        Address = address;
        var handler = _options.HttpHandler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        var disposeHandler = _options.HttpHandler is null || _options.DisposeHttpHandler;
        _httpClient = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The server's base address.</summary>
    public Uri Address { get; }

    /// <summary>Makes a unary call.</summary>
    /// <returns>The response.</returns>
    /// <exception cref="RpcException">The call ended with a non-OK status.</exception>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        MessageFrame.CheckSendSize(request.CalculateSize(), _options.MaxSendMessageSize);
        using var call = Create(method, options, request);
        return await call.ReadSingleAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a server-streaming call.</summary>
    /// <returns>The running call.</returns>
    public AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        MessageFrame.CheckSendSize(request.CalculateSize(), _options.MaxSendMessageSize);
        var call = Create(method, options, request);
        return new AsyncServerStreamingCall<TResponse>(new ClientResponseStream<TRequest, TResponse>(call), call);
    }

    /// <summary>Starts a client-streaming call.</summary>
    /// <returns>The running call.</returns>
    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = Create(method, options, request: null);
        return new AsyncClientStreamingCall<TRequest, TResponse>(new ClientRequestStream<TRequest, TResponse>(call), call.ReadSingleAsync(), call);
    }

    /// <summary>Starts a bidirectional streaming call.</summary>
    /// <returns>The running call.</returns>
    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = Create(method, options, request: null);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            new ClientRequestStream<TRequest, TResponse>(call), new ClientResponseStream<TRequest, TResponse>(call), call);
    }

    /// <inheritdoc/>
    public void Dispose() => _httpClient.Dispose();

    private GrpcCall<TRequest, TResponse> Create<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options, TRequest? request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        var call = new GrpcCall<TRequest, TResponse>(_httpClient, Address, _options, method, options, request);
        call.Start();
        return call;
    }
}
