using System.Threading.Channels;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Discovery;

/// <summary>Both directions of one streaming call, in memory: the test writes requests and reads responses.</summary>
internal class InMemoryStream<TRequest, TResponse> : IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, IDisposable
    where TRequest : class, new()
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<TRequest> _requests = Channel.CreateUnbounded<TRequest>();
    private readonly Channel<TResponse> _responses = Channel.CreateUnbounded<TResponse>();
    private readonly CancellationTokenSource _callCancelled = new();

    public InMemoryStream(string method, string peer)
    {
        Context = new InMemoryCallContext(method, peer, _callCancelled.Token);
    }

    public ServerCallContext Context { get; }

    public TRequest Current { get; private set; } = new();

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (await _requests.Reader.WaitToReadAsync(cancellationToken) && _requests.Reader.TryRead(out var request))
        {
            Current = request;
            return true;
        }

        return false;
    }

    public Task WriteAsync(TResponse message, CancellationToken cancellationToken = default) =>
        _responses.Writer.WriteAsync(message, cancellationToken).AsTask();

    public ValueTask SendAsync(TRequest request) => _requests.Writer.WriteAsync(request);

    public async Task<TResponse> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        return await _responses.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Half-closes the request stream, as a client ending the call does.</summary>
    public void CompleteRequests() => _requests.Writer.Complete();

    /// <summary>Cancels the call, as a client that goes away does.</summary>
    public Task CancelAsync() => _callCancelled.CancelAsync();

    public void Dispose() => _callCancelled.Dispose();

    private sealed class InMemoryCallContext(string method, string peer, CancellationToken cancellationToken) : ServerCallContext
    {
        public override string Method => method;

        public override string Peer => peer;

        public override DateTime Deadline => DateTime.MaxValue;

        public override Metadata RequestHeaders { get; } = new();

        public override Metadata ResponseTrailers { get; } = new();

        public override CancellationToken CancellationToken => cancellationToken;
    }
}
