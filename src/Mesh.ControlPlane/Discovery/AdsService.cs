using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Mesh.ControlPlane.Translation;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// The aggregated discovery service (state of the world): validates the opening request, registers
/// the client and runs an <see cref="AdsSession"/> until the client leaves or the server stops.
/// </summary>
internal sealed class AdsService
{
    /// <summary>The gRPC method path this service answers.</summary>
    public const string StreamAggregatedResourcesPath =
        "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";

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
    /// Serves one ADS stream. Returns when the client half-closes or cancels; throws
    /// <see cref="RpcException"/> with <see cref="StatusCode.InvalidArgument"/> for a malformed request and
    /// <see cref="StatusCode.Unavailable"/> when the server shuts down, so the client reconnects elsewhere.
    /// </summary>
    public async Task StreamAggregatedResourcesAsync(
        IAsyncStreamReader<DiscoveryRequest> requests,
        IServerStreamWriter<DiscoveryResponse> responses,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(context);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _lifetime.ApplicationStopping);
        try
        {
            if (!await requests.MoveNext(stop.Token).ConfigureAwait(false))
            {
                return;
            }

            var first = requests.Current;
            var node = RequireNode(first, context.Peer);
            using var registration = _registry.Register(id => Describe(id, node, context.Peer));
            var status = registration.Status;
            Log.ClientConnected(_logger, status.NodeId, status.Peer, status.Kind, status.UserAgent);
            try
            {
                var session = new AdsSession(_cache, registration, responses, _timeProvider, _logger);
                await session.RunAsync(first, requests, stop.Token).ConfigureAwait(false);
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

    private static Node RequireNode(DiscoveryRequest first, string peer)
    {
        if (first.Node is null)
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"The first DiscoveryRequest on the ADS stream from {peer} has no node; set node.id (and node.locality) in the client's bootstrap."));
        }

        if (first.Node.Id.Length == 0)
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"The first DiscoveryRequest on the ADS stream from {peer} has an empty node.id; set node.id in the client's bootstrap."));
        }

        return first.Node;
    }

    private XdsClientStatus Describe(long id, Node node, string peer)
    {
        var userAgent = node.HasUserAgentVersion ? $"{node.UserAgentName}/{node.UserAgentVersion}" : node.UserAgentName;
        var locality = node.Locality is { } l ? new XdsLocality(l.Region, l.Zone, l.SubZone) : null;
        return new XdsClientStatus(id, node.Id, node.Cluster, userAgent, _classify(node), locality, peer, _timeProvider.GetUtcNow(), []);
    }
}
