using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Mesh.ControlPlane.Translation;
using Mesh.Xds;
using Mesh.Xds.Grpc;

namespace Mesh.Bench.Ads;

/// <summary>
/// One proxyless xDS client on its own HTTP/2 connection: one ADS stream that subscribes LDS → RDS →
/// CDS → EDS as grpc-js-xds does, ACKs every response with its version and nonce, and timestamps its
/// RouteConfiguration ACKs so the bench can tell when it took a config change.
/// </summary>
internal sealed class SimulatedXdsClient : IDisposable
{
    private const string ListenerName = "echo";

    private readonly GrpcClientChannel _channel;
    private readonly Node _node;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, XdsSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _routeGate = new();
    private AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse>? _call;
    private string? _routeVersion;
    private string? _routeBaseline;
    private TaskCompletionSource<long>? _routeChanged;

    public SimulatedXdsClient(Uri xdsAddress, int index, TimeProvider timeProvider)
    {
        // Its own handler, so its own TCP connection, as separate processes would have.
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        _channel = new GrpcClientChannel(xdsAddress, new GrpcClientOptions { HttpHandler = handler, DisposeHttpHandler = true });
        _node = new Node
        {
            Id = $"mesh-bench-{index}",
            Cluster = "mesh-bench",
            UserAgentName = "mesh-bench",
            Locality = new Locality { Region = "local", Zone = index % 2 == 0 ? "local-a" : "local-b" },
        };
        _timeProvider = timeProvider;
    }

    /// <summary>Completes when the client has ACKed listeners, routes, clusters and endpoints at least once.</summary>
    public Task Synced => _synced.Task;

    /// <summary>Opens the ADS stream, asks for the listener and starts answering responses.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _call = _channel.DuplexStreaming(AdsMethods.StreamAggregatedResources, new CallOptions(CancellationToken: _stop.Token));
        await SubscribeAsync(TypeUrls.Listener, [ListenerName], cancellationToken);
        _ = AnswerResponsesAsync(_call, _stop.Token);
    }

    /// <summary>
    /// Returns when this client ACKs a RouteConfiguration version other than the one it holds now,
    /// as a <see cref="TimeProvider.GetTimestamp"/> value. Call before changing the config.
    /// </summary>
    public Task<long> WaitForRouteChangeAsync()
    {
        lock (_routeGate)
        {
            _routeBaseline = _routeVersion;
            _routeChanged = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _routeChanged.Task;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _call?.Dispose();
        _channel.Dispose();
        _stop.Dispose();
    }

    private async Task AnswerResponsesAsync(AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> call, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            // Responses are answered one at a time, so requests on the stream never interleave.
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                await OnResponseAsync(call.ResponseStream.Current, cancellationToken);
            }
        }
        catch (Exception exception)
        {
            // Whatever ends the stream is reported through Synced and the route-change wait.
            error = exception;
        }

        OnStreamEnded(error);
    }

    private async Task OnResponseAsync(DiscoveryResponse response, CancellationToken cancellationToken)
    {
        if (!_subscriptions.TryGetValue(response.TypeUrl, out var subscription))
        {
            throw new InvalidDataException($"mesh-cp sent {response.TypeUrl}, which client {_node.Id} never subscribed to.");
        }

        // Read what the response points at before ACKing; a resource the client cannot read fails it, and the run counts it.
        var next = response.TypeUrl switch
        {
            TypeUrls.Listener => (TypeUrls.RouteConfiguration, XdsDependencies.RouteConfigNames(response.Resources)),
            TypeUrls.RouteConfiguration => (TypeUrls.Cluster, XdsDependencies.ClusterNames(response.Resources)),
            TypeUrls.Cluster => (TypeUrls.ClusterLoadAssignment, XdsDependencies.EndpointNames(response.Resources)),
            _ => ((string, SortedSet<string>)?)null,
        };

        subscription.LastNonce = response.Nonce;
        subscription.AckedVersion = response.VersionInfo;
        await WriteAsync(subscription, cancellationToken);
        if (response.TypeUrl == TypeUrls.RouteConfiguration)
        {
            OnRouteAcked(response.VersionInfo, _timeProvider.GetTimestamp());
        }

        if (next is var (typeUrl, names))
        {
            await SubscribeAsync(typeUrl, [.. names], cancellationToken);
        }

        if (!_synced.Task.IsCompleted && _subscriptions.Count == 4 && _subscriptions.Values.All(s => s.AckedVersion is not null))
        {
            _synced.TrySetResult();
        }
    }

    private async Task SubscribeAsync(string typeUrl, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (_subscriptions.TryGetValue(typeUrl, out var subscription))
        {
            if (subscription.Names.SequenceEqual(names, StringComparer.Ordinal))
            {
                return;
            }

            subscription.Names = names;
        }
        else
        {
            subscription = new XdsSubscription(typeUrl, names);
            _subscriptions.Add(typeUrl, subscription);
        }

        await WriteAsync(subscription, cancellationToken);
    }

    private Task WriteAsync(XdsSubscription subscription, CancellationToken cancellationToken)
    {
        var request = new DiscoveryRequest
        {
            TypeUrl = subscription.TypeUrl,
            VersionInfo = subscription.AckedVersion ?? string.Empty,
            ResponseNonce = subscription.LastNonce,
        };
        request.ResourceNames.Add(subscription.Names);

        // The node goes on the first request of the stream only, as real clients send it.
        if (_subscriptions.Count == 1 && subscription.LastNonce.Length == 0)
        {
            request.Node = _node;
        }

        return _call!.RequestStream.WriteAsync(request, cancellationToken);
    }

    private void OnStreamEnded(Exception? error)
    {
        error ??= new InvalidOperationException($"The ADS stream of client {_node.Id} ended.");
        _synced.TrySetException(error);
        lock (_routeGate)
        {
            _routeChanged?.TrySetException(error);
            _routeChanged = null;
        }
    }

    private void OnRouteAcked(string version, long timestamp)
    {
        lock (_routeGate)
        {
            _routeVersion = version;
            if (_routeChanged is not null && version != _routeBaseline)
            {
                _routeChanged.TrySetResult(timestamp);
                _routeChanged = null;
            }
        }
    }
}
