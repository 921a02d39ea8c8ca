using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Mesh.ControlPlane.Translation;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// The aggregated discovery service, state of the world and delta: validates the opening request,
/// registers the client and runs its session until the client leaves or the server stops.
/// </summary>
internal sealed class AdsService
{
    private readonly XdsSnapshotCache _cache;
    private readonly XdsClientRegistry _registry;
    private readonly Func<Node, ClientKind> _classify;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<AdsService> _logger;

    public AdsService(
        XdsSnapshotCache cache,
        XdsClientRegistry registry,
        Func<Node, ClientKind> classify,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<AdsService> logger)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(classify);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(logger);
        _cache = cache;
        _registry = registry;
        _classify = classify;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>
    /// Serves one state-of-the-world ADS stream. Returns when the client half-closes or cancels; throws
    /// <see cref="RpcException"/> with <see cref="StatusCode.InvalidArgument"/> for a malformed request and
    /// <see cref="StatusCode.Unavailable"/> when the server shuts down, so the client reconnects elsewhere.
    /// </summary>
    public Task StreamAggregatedResourcesAsync(
        IAsyncStreamReader<DiscoveryRequest> requests,
        IServerStreamWriter<DiscoveryResponse> responses,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(context);
        return ServeAsync(
            requests,
            static request => request.Node,
            (first, registration, token) => new AdsSession(_cache, registration, responses, _timeProvider, _logger).RunAsync(first, requests, token),
            context);
    }

    /// <summary>Serves one incremental (delta) ADS stream; ends as <see cref="StreamAggregatedResourcesAsync"/> does.</summary>
    public Task DeltaAggregatedResourcesAsync(
        IAsyncStreamReader<DeltaDiscoveryRequest> requests,
        IServerStreamWriter<DeltaDiscoveryResponse> responses,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(context);
        return ServeAsync(
            requests,
            static request => request.Node,
            (first, registration, token) => new DeltaAdsSession(_cache, registration, responses, _timeProvider, _logger).RunAsync(first, requests, token),
            context);
    }

    private async Task ServeAsync<TRequest>(
        IAsyncStreamReader<TRequest> requests,
        Func<TRequest, Node?> nodeOf,
        Func<TRequest, ClientRegistration, CancellationToken, Task> serve,
        ServerCallContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _lifetime.ApplicationStopping);
        try
        {
            if (!await requests.MoveNext(stop.Token).ConfigureAwait(false))
            {
                return;
            }

            var first = requests.Current;
            var node = RequireNode(nodeOf(first), context.Peer);
            using var registration = _registry.Register(id => Describe(id, node, context.Peer));
            var status = registration.Status;
            Log.ClientConnected(_logger, status.NodeId, status.Peer, status.Kind, status.UserAgent);
            try
            {
                await serve(first, registration, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                Log.ClientDisconnected(_logger, status.NodeId, status.Peer);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away; there is nobody left to send a status to.
        }
        catch (OperationCanceledException) when (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The control plane is shutting down; reconnect to another replica."));
        }
    }

    private static Node RequireNode(Node? node, string peer)
    {
        if (node is null)
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"The first request on the ADS stream from {peer} has no node; set node.id (and node.locality) in the client's bootstrap."));
        }

        if (node.Id.Length == 0)
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"The first request on the ADS stream from {peer} has an empty node.id; set node.id in the client's bootstrap."));
        }

        return node;
    }

    private XdsClientStatus Describe(long id, Node node, string peer)
    {
        var userAgent = node.HasUserAgentVersion ? $"{node.UserAgentName}/{node.UserAgentVersion}" : node.UserAgentName;
        var locality = node.Locality is { } l ? new XdsLocality(l.Region, l.Zone, l.SubZone) : null;
        return new XdsClientStatus(id, node.Id, node.Cluster, userAgent, _classify(node), locality, peer, _timeProvider.GetUtcNow(), []);
    }
}
