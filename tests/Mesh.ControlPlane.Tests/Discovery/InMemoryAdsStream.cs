using System.Threading.Channels;
using Envoy.Service.Discovery.V3;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Discovery;

/// <summary>Both directions of one ADS call, in memory: the test writes requests and reads responses.</summary>
internal sealed class InMemoryAdsStream : IAsyncStreamReader<DiscoveryRequest>, IServerStreamWriter<DiscoveryResponse>, IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<DiscoveryRequest> _requests = Channel.CreateUnbounded<DiscoveryRequest>();
    private readonly Channel<DiscoveryResponse> _responses = Channel.CreateUnbounded<DiscoveryResponse>();
    private readonly CancellationTokenSource _callCancelled = new();

    public InMemoryAdsStream(string peer)
    {
        Context = new InMemoryCallContext(peer, _callCancelled.Token);
    }

    public ServerCallContext Context { get; }

    public DiscoveryRequest Current { get; private set; } = new();

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (await _requests.Reader.WaitToReadAsync(cancellationToken) && _requests.Reader.TryRead(out var request))
        {
            Current = request;
            return true;
        }

        return false;
    }

    public Task WriteAsync(DiscoveryResponse message, CancellationToken cancellationToken = default) =>
        _responses.Writer.WriteAsync(message, cancellationToken).AsTask();

    public ValueTask SendAsync(DiscoveryRequest request) => _requests.Writer.WriteAsync(request);

    public async Task<DiscoveryResponse> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        return await _responses.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Half-closes the request stream, as a client ending the call does.</summary>
    public void CompleteRequests() => _requests.Writer.Complete();

    /// <summary>Cancels the call, as a client that goes away does.</summary>
    public Task CancelAsync() => _callCancelled.CancelAsync();

    public void Dispose() => _callCancelled.Dispose();

    private sealed class InMemoryCallContext(string peer, CancellationToken cancellationToken) : ServerCallContext
    {
        public override string Method => "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";

        public override string Peer => peer;

        public override DateTime Deadline => DateTime.MaxValue;

        public override Metadata RequestHeaders { get; } = new();

        public override Metadata ResponseTrailers { get; } = new();

        public override CancellationToken CancellationToken => cancellationToken;
    }
}
