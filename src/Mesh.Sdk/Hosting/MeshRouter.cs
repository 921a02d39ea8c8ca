using System.Collections.Concurrent;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Telemetry;
using Mesh.Sdk.Xds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// Holds the routing table every mesh handler reads, rebuilt and swapped whole on each config change.
/// With a control plane it owns the xDS client, subscribes hosts on their first request and bounds that
/// one wait, and reports the load sent to each cluster back to it; without one it serves static configuration.
/// One per service provider.
/// </summary>
internal sealed class MeshRouter : IAsyncDisposable, IDisposable
{
    private readonly XdsClient? _client;
    private readonly LoadReporter? _loadReporter;
    private readonly LocalityPreferenceOptions _locality;
    private readonly TimeSpan _configWaitTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _startGate = new();
    private readonly Lock _buildGate = new();
    private readonly ConcurrentDictionary<string, Task> _firstWaits = new(StringComparer.OrdinalIgnoreCase);
    private volatile RoutingTable _table = RoutingTable.Empty;
    private volatile XdsResources? _builtFrom;
    private volatile Task? _started;

    public MeshRouter(IOptions<MeshClientOptions> options, IConfiguration configuration, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var settings = options.Value;
        _locality = new LocalityPreferenceOptions
        {
            Local = new EndpointLocality(settings.Region ?? string.Empty, settings.Zone ?? string.Empty, string.Empty),
        };
        _configWaitTimeout = settings.ConfigWaitTimeout;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<MeshRouter>();
        if (settings.ControlPlaneAddresses is { Count: > 0 } controlPlanes)
        {
            var xds = XdsOptions(settings, controlPlanes);
            _client = new XdsClient(xds, timeProvider, loggerFactory.CreateLogger<XdsClient>());
            var client = _client;
            _loadReporter = new LoadReporter(xds, () => client.ActiveControlPlane, () => _table, timeProvider, loggerFactory.CreateLogger<LoadReporter>());
            Log.UsingControlPlane(_logger, string.Join(", ", controlPlanes), settings.ServiceName, settings.Namespace, xds.CacheFile!);
        }
        else
        {
            var resources = StaticResources.Build(configuration, settings.Namespace);
            Rebuild(resources);
            _started = Task.CompletedTask;
            Log.UsingStaticConfig(_logger, resources.Clusters.Count);
        }
    }

    /// <summary>The clock every mesh handler's deadlines, back-offs and ejections run on.</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>The xDS resources <see cref="Table"/> was built from; the server's own security config is read from them.</summary>
    public XdsResources Resources => _builtFrom ?? XdsResources.Empty;

    /// <summary>Raised after <see cref="Table"/> and <see cref="Resources"/> change.</summary>
    public event Action? Changed;

    /// <summary>Whether a control plane drives this router (without one, static config and no mesh security).</summary>
    public bool HasControlPlane => _client is not null;

    /// <summary>The control plane replica the xDS client follows now; null without a control plane.</summary>
    public Uri? ActiveControlPlane => _client?.ActiveControlPlane;

    /// <summary>The current table; one volatile read.</summary>
    public RoutingTable Table => _table;

    /// <summary>
    /// The mesh service <paramref name="host"/> names, or null when it is none. Completes synchronously
    /// except on the first request to a host that may be a service and is not yet known.
    /// </summary>
    public ValueTask<ServiceRoute?> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (_table.TryGetService(host, out var service))
        {
            return new ValueTask<ServiceRoute?>(service);
        }

        if (_client is null || (_firstWaits.TryGetValue(host, out var waited) && waited.IsCompleted) || !MeshHosts.MayBeService(host))
        {
            return default;
        }

        return WaitThenResolveAsync(host, cancellationToken);
    }

    /// <summary>
    /// Asks the control plane for <paramref name="listenerName"/> without waiting: its config reaches
    /// <see cref="Table"/> whenever it arrives. Nothing happens without a control plane.
    /// </summary>
    public void Follow(string listenerName)
    {
        if (_client is null)
        {
            return;
        }

        _client.Subscribe(listenerName);
        Log.FollowingOwnService(_logger, listenerName);
    }

    /// <summary>
    /// Follows <paramref name="listenerName"/> and completes once its config is in, the control plane says it does
    /// not exist, or the first-config wait (<c>Mesh:ConfigWaitTimeout</c>) ran out; at once without a control plane.
    /// Never faults.
    /// </summary>
    public Task FollowAndWaitAsync(string listenerName)
    {
        if (_client is null)
        {
            return Task.CompletedTask;
        }

        Follow(listenerName);
        return _firstWaits.GetOrAdd(listenerName, static (name, router) => router.WaitForListenerAsync(name, name), this);
    }

    /// <summary>Starts following the control plane (loading the cache file first); repeated calls share one start.</summary>
    public Task StartAsync()
    {
        if (_started is { } started)
        {
            return started;
        }

        lock (_startGate)
        {
            return _started ??= StartClientAsync();
        }
    }

    /// <summary>
    /// Starts closing the control plane stream without waiting for it, for containers disposed synchronously;
    /// <see cref="DisposeAsync"/> waits.
    /// </summary>
    public void Dispose() => _ = DisposeAsync().AsTask();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            _client.ResourcesChanged -= OnResourcesChanged;
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        if (_loadReporter is not null)
        {
            await _loadReporter.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<ServiceRoute?> WaitThenResolveAsync(string host, CancellationToken cancellationToken)
    {
        // Concurrent first requests share one wait; the wait itself is not cancelled by any one caller.
        var wait = _firstWaits.GetOrAdd(host, static (name, router) => router.WaitForListenerAsync(MeshHosts.ListenerName(name), name), this);
        await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _table.TryGetService(host, out var service) ? service : null;
    }

    private async Task WaitForListenerAsync(string listenerName, string host)
    {
        var client = _client!;
        try
        {
            await StartAsync().ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(_configWaitTimeout, _timeProvider);
            var exists = await client.WaitForListenerAsync(listenerName, timeout.Token).ConfigureAwait(false);
            Rebuild(client.Resources);
            if (exists)
            {
                Log.ServiceFound(_logger, host);
            }
            else
            {
                Log.ServiceAbsent(_logger, host);
            }
        }
        catch (OperationCanceledException)
        {
            Log.ConfigWaitTimedOut(_logger, host, (long)_configWaitTimeout.TotalMilliseconds);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.StartFailed(_logger, exception);
        }
    }

    private async Task StartClientAsync()
    {
        var client = _client!;
        client.ResourcesChanged += OnResourcesChanged;
        await client.StartAsync(CancellationToken.None).ConfigureAwait(false);
        _loadReporter?.Start();
        Rebuild(client.Resources);
    }

    // Always builds from the client's latest resources, so a late event can never roll the table back.
    private void OnResourcesChanged(XdsResources resources) => Rebuild(_client?.Resources ?? resources);

    private void Rebuild(XdsResources resources)
    {
        lock (_buildGate)
        {
            if (ReferenceEquals(resources, _builtFrom))
            {
                return;
            }

            var table = RoutingTable.Build(resources, _table, _locality, time: _timeProvider);
            _builtFrom = resources;
            _table = table;
            Changed?.Invoke();
            Log.TableRebuilt(_logger, table.Services.Count, table.Clusters.Count);
            foreach (var problem in table.Problems)
            {
                Log.TableProblem(_logger, problem);
            }
        }
    }

    private static XdsClientOptions XdsOptions(MeshClientOptions settings, IReadOnlyList<Uri> controlPlanes) => new()
    {
        ControlPlanes = controlPlanes,
        NodeId = settings.NodeId ?? $"{settings.ServiceName}-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}",
        ServiceName = settings.ServiceName ?? string.Empty,
        Namespace = settings.Namespace,
        Region = settings.Region,
        Zone = settings.Zone,
        CacheFile = settings.CacheFile,
        TokenFile = settings.TokenFile,
    };
}
