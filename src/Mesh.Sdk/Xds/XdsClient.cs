using System.Collections.Immutable;
using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Mesh.Sdk.Xds.Validation;
using Mesh.Xds;
using Mesh.Xds.Grpc;
using Microsoft.Extensions.Logging;
using Status = Google.Rpc.Status;

namespace Mesh.Sdk.Xds;

/// <summary>
/// The SDK's xDS client: one ADS stream (state of the world) to the control plane, following each subscribed
/// listener to its route configuration, clusters and load assignments. Every response is validated and ACKed
/// or NACKed as a whole; accepted resources replace <see cref="Resources"/> atomically and are written to the
/// cache file. A lost stream is retried with backoff and never clears the resources held.
/// </summary>
internal sealed class XdsClient : IAsyncDisposable
{
    private const int InvalidArgument = 3;

    /// <summary>A stream that served this long before ending is followed at once by one to the next replica; shorter ones back off.</summary>
    private static readonly TimeSpan HealthyStream = TimeSpan.FromSeconds(1);

    private readonly Uri[] _controlPlanes;
    private readonly string? _tokenFile;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Node _node;
    private readonly XdsCacheFile? _cacheFile;
    private readonly ReconnectBackoff _backoff;
    private readonly GrpcClientChannel[] _channels;
    private readonly ControlPlaneConnector[] _connectors;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _listeners = new(StringComparer.Ordinal);
    private readonly HashSet<string> _absentListeners = new(StringComparer.Ordinal);
    private readonly string[] _versions = new string[XdsTypeUrls.Kinds.Count];
    private volatile XdsResources _resources = XdsResources.Empty;
    private AdsStreamState? _stream;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _run;
    private int _disposed;
    private volatile int _active;

    public XdsClient(XdsClientOptions options, TimeProvider timeProvider, ILogger<XdsClient> logger)
        : this(options, timeProvider, logger, Random.Shared)
    {
    }

    /// <param name="options">Where to connect and how to behave; validated here.</param>
    /// <param name="timeProvider">The clock of the reconnect backoff.</param>
    /// <param name="logger">Where the client logs.</param>
    /// <param name="random">The source of backoff jitter.</param>
    public XdsClient(XdsClientOptions options, TimeProvider timeProvider, ILogger<XdsClient> logger, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _controlPlanes = [.. options.ControlPlanes];
        _tokenFile = options.TokenFile;
        _timeProvider = timeProvider;
        _logger = logger;
        _node = XdsNode.Create(options);
        _cacheFile = options.CacheFile is { } path ? new XdsCacheFile(path, _node, logger) : null;
        _backoff = new ReconnectBackoff(options.InitialBackoff, options.MaxBackoff, random);
        Array.Fill(_versions, string.Empty);
        _connectors = [.. _controlPlanes.Select(_ => new ControlPlaneConnector(options.Resolve, options.ConnectTimeout))];
        _channels = [.. _controlPlanes.Select((address, i) => new GrpcClientChannel(address, new GrpcClientOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                ConnectCallback = _connectors[i].ConnectAsync,

                // Notices a control plane that vanished without closing the connection, as a silent stream never would.
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            },
            DisposeHttpHandler = true,
            TimeProvider = timeProvider,
        }))];
    }

    /// <summary>The control-plane address the client is connected to, or tries next.</summary>
    public Uri ActiveControlPlane => _controlPlanes[_active];

    /// <summary>The IP address of the last connection to <see cref="ActiveControlPlane"/>, if any.</summary>
    public System.Net.IPAddress? ConnectedAddress => _connectors[_active].Connected;

    /// <summary>Raised after each accepted update that changed the resources, outside the client's lock, on the stream's thread.</summary>
    public event Action<XdsResources>? ResourcesChanged;

    /// <summary>The last good resources; an immutable snapshot, replaced whole on every accepted update.</summary>
    public XdsResources Resources => _resources;

    /// <summary>Loads the cache file, if any, then starts the ADS stream in the background.</summary>
    /// <returns>Completes once the cache is loaded; the stream keeps running until disposal.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("The xDS client is already started.");
        }

        if (_cacheFile is not null && await _cacheFile.LoadAsync(cancellationToken).ConfigureAwait(false) is { } cached)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                _resources = cached.Resources;
                cached.Versions.CopyTo(_versions);

                // The service routed these hosts before it stopped; it asks for them again without waiting to be told.
                _listeners.UnionWith(cached.Resources.Listeners.Keys);
                changed = TakeChangedSignal();
            }

            changed.TrySetResult();
            RaiseResourcesChanged(cached.Resources);
        }

        _run = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Follows <paramref name="listenerName"/> from now on; calling it again for the same name does nothing.</summary>
    public void Subscribe(string listenerName)
    {
        ArgumentException.ThrowIfNullOrEmpty(listenerName);
        lock (_gate)
        {
            if (_listeners.Add(listenerName) && _stream is { } stream)
            {
                RequestChangedNames(stream, XdsReferences.Wanted(_listeners, _resources));
            }
        }
    }

    /// <summary>True when the listener, its route configuration, its clusters and their endpoints are all held.</summary>
    public bool IsComplete(string listenerName) => XdsReferences.IsComplete(listenerName, _resources);

    /// <summary>
    /// Subscribes to <paramref name="listenerName"/> and waits until it is complete (true) or the control plane
    /// says it does not exist (false). Callers bound the wait with their own timeout through the token.
    /// </summary>
    public async Task<bool> WaitForListenerAsync(string listenerName, CancellationToken cancellationToken)
    {
        Subscribe(listenerName);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (XdsReferences.IsComplete(listenerName, _resources))
                {
                    return true;
                }

                if (_absentListeners.Contains(listenerName))
                {
                    return false;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }

        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = _timeProvider.GetTimestamp();
            var (receivedResponse, reason) = await RunStreamAsync(cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            // A stream that worked says the control plane is fine: the next attempt starts from the shortest delay.
            if (receivedResponse)
            {
                _backoff.Reset();
            }

            // Another replica (the next address, or another address of the same name) is tried next. One that
            // served until now is replaced at once: the others hold the same config, so nothing is lost by hurrying.
            var failed = ActiveControlPlane;
            _connectors[_active].AvoidCurrent();
            _active = (_active + 1) % _controlPlanes.Length;
            var healthy = receivedResponse && _timeProvider.GetElapsedTime(started) >= HealthyStream;
            var delay = healthy ? TimeSpan.Zero : _backoff.NextDelay();
            Log.Disconnected(_logger, failed, reason, (long)delay.TotalMilliseconds);
            if (delay == TimeSpan.Zero)
            {
                continue;
            }

            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<(bool ReceivedResponse, string Reason)> RunStreamAsync(CancellationToken cancellationToken)
    {
        using var streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var outbound = Channel.CreateUnbounded<DiscoveryRequest>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        var stream = new AdsStreamState(outbound.Writer);
        var headers = Security.WorkloadToken.Headers(_tokenFile);
        using var call = _channels[_active].DuplexStreaming(AdsMethods.StreamAggregatedResources, new CallOptions(headers, CancellationToken: streamCancellation.Token));
        lock (_gate)
        {
            _stream = stream;
            RequestChangedNames(stream, XdsReferences.Wanted(_listeners, _resources));
        }

        var writer = WriteRequestsAsync(call.RequestStream, outbound.Reader, stream, streamCancellation);
        var reason = "the control plane closed the stream";
        try
        {
            while (await call.ResponseStream.MoveNext(streamCancellation.Token).ConfigureAwait(false))
            {
                if (!stream.ReceivedResponse)
                {
                    stream.ReceivedResponse = true;
                    Log.Connected(_logger, ActiveControlPlane, ListenerCount());
                }

                await HandleResponseAsync(stream, call.ResponseStream.Current, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // After disposal began this is the cancellation's echo; RunAsync sees the token and stops.
            reason = (stream.WriteFailure ?? exception).Message;
        }
        finally
        {
            lock (_gate)
            {
                if (_stream == stream)
                {
                    _stream = null;
                }
            }

            outbound.Writer.TryComplete();
            await streamCancellation.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
        }

        return (stream.ReceivedResponse, reason);
    }

    private static async Task WriteRequestsAsync(
        IClientStreamWriter<DiscoveryRequest> requests,
        ChannelReader<DiscoveryRequest> outbound,
        AdsStreamState stream,
        CancellationTokenSource streamCancellation)
    {
        try
        {
            await foreach (var request in outbound.ReadAllAsync(streamCancellation.Token).ConfigureAwait(false))
            {
                await requests.WriteAsync(request, streamCancellation.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // A failed write ends the stream: the reader stops and the client reconnects. Once the stream
            // is cancelled, failures are only the cancellation's echo.
            if (!streamCancellation.IsCancellationRequested)
            {
                stream.WriteFailure = exception;
                await streamCancellation.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task HandleResponseAsync(AdsStreamState stream, DiscoveryResponse response, CancellationToken cancellationToken)
    {
        XdsResources? accepted;
        TaskCompletionSource changed;
        string[] versions;
        lock (_gate)
        {
            accepted = Apply(stream, response);
            versions = [.. _versions];
            changed = TakeChangedSignal();
        }

        changed.TrySetResult();
        if (accepted is null)
        {
            return;
        }

        RaiseResourcesChanged(accepted);
        if (_cacheFile is not null)
        {
            await _cacheFile.SaveAsync(accepted, versions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>The new resources when the response was accepted and changed them; otherwise null.</returns>
    private XdsResources? Apply(AdsStreamState stream, DiscoveryResponse response)
    {
        if (!XdsTypeUrls.TryParse(response.TypeUrl, out var kind))
        {
            var error = $"type '{response.TypeUrl}' is not one this client subscribes to";
            Log.UnknownTypeNacked(_logger, response.TypeUrl, response.VersionInfo, ActiveControlPlane);
            Send(stream, new DiscoveryRequest
            {
                TypeUrl = response.TypeUrl,
                ResponseNonce = response.Nonce,
                ErrorDetail = new Status { Code = InvalidArgument, Message = error },
            });
            return null;
        }

        stream.SetNonce(kind, response.Nonce);
        if (kind == XdsResourceKind.Listener && stream.UnansweredListenerRequests > 0)
        {
            stream.UnansweredListenerRequests--;
        }

        var decoded = XdsResourceDecoder.Decode(kind, response.Resources);
        var wantedBefore = XdsReferences.Wanted(_listeners, _resources);
        if (!decoded.IsValid)
        {
            var error = $"{kind} version '{response.VersionInfo}' rejected: {decoded.Errors.Length} invalid resource(s): {string.Join(" | ", decoded.Errors)}";
            Log.Nacked(_logger, kind, response.VersionInfo, ActiveControlPlane, _versions[(int)kind], error);
            Telemetry.MeshMetrics.RecordXdsResponse(kind.ToString(), accepted: false);
            Send(stream, Request(kind, stream.Requested(kind) ?? wantedBefore[kind], _versions[(int)kind], response.Nonce, error));
            return null;
        }

        _versions[(int)kind] = response.VersionInfo;
        Log.Acked(_logger, kind, response.VersionInfo, decoded.Resources.Count);
        Telemetry.MeshMetrics.RecordXdsResponse(kind.ToString(), accepted: true);
        if (kind == XdsResourceKind.Listener)
        {
            TrackAbsentListeners(stream, decoded.Resources);
        }

        var previous = _resources;
        var merged = XdsResourceMerge.Merge(previous, kind, decoded.Resources, wantedBefore[kind]);
        var wanted = XdsReferences.Wanted(_listeners, merged);
        var updated = XdsReferences.Retain(merged, wanted);

        // The ACK carries the names wanted now, so a reference this response added is requested with it.
        Send(stream, Request(kind, wanted[kind], response.VersionInfo, response.Nonce, error: null));
        stream.SetRequested(kind, wanted[kind]);
        RequestChangedNames(stream, wanted);

        if (XdsResourceMerge.SameContent(previous, updated))
        {
            return null;
        }

        _resources = updated;
        return updated;
    }

    private void TrackAbsentListeners(AdsStreamState stream, ImmutableDictionary<string, IMessage> received)
    {
        foreach (var name in received.Keys)
        {
            _absentListeners.Remove(name);
        }

        if (stream.UnansweredListenerRequests > 0)
        {
            return;
        }

        foreach (var name in _listeners)
        {
            if (!received.ContainsKey(name) && _absentListeners.Add(name))
            {
                Log.ListenerDoesNotExist(_logger, name);
            }
        }
    }

    /// <summary>Requests every kind whose wanted names differ from those last requested on the stream.</summary>
    private void RequestChangedNames(AdsStreamState stream, XdsWantedNames wanted)
    {
        foreach (var kind in XdsTypeUrls.Kinds)
        {
            var names = wanted[kind];
            var requested = stream.Requested(kind);

            // An empty first request would be a wildcard for listeners and clusters: ask for nothing by not asking.
            if (requested is null ? names.IsEmpty : requested.SetEquals(names))
            {
                continue;
            }

            Send(stream, Request(kind, names, _versions[(int)kind], stream.Nonce(kind), error: null));
            stream.SetRequested(kind, names);
            if (kind == XdsResourceKind.Listener)
            {
                stream.UnansweredListenerRequests++;
            }
        }
    }

    private static DiscoveryRequest Request(XdsResourceKind kind, IEnumerable<string> names, string version, string nonce, string? error)
    {
        var request = new DiscoveryRequest { TypeUrl = XdsTypeUrls.Of(kind), VersionInfo = version, ResponseNonce = nonce };
        request.ResourceNames.AddRange(names);
        if (error is not null)
        {
            request.ErrorDetail = new Status { Code = InvalidArgument, Message = error };
        }

        return request;
    }

    private void Send(AdsStreamState stream, DiscoveryRequest request)
    {
        if (!stream.NodeSent)
        {
            request.Node = _node;
            stream.NodeSent = true;
        }

        // Unbounded and completed only after the stream is detached under this lock, so the write cannot fail.
        stream.Outbound.TryWrite(request);
    }

    private TaskCompletionSource TakeChangedSignal()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return previous;
    }

    private int ListenerCount()
    {
        lock (_gate)
        {
            return _listeners.Count;
        }
    }

    private void RaiseResourcesChanged(XdsResources resources)
    {
        try
        {
            ResourcesChanged?.Invoke(resources);
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(_logger, exception);
        }
    }
}
