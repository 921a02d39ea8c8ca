using System.Collections.Immutable;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// The mesh config of a Kubernetes cluster: lists and watches the mesh's custom resources, Services,
/// EndpointSlices and Pods in the chosen namespaces, and rebuilds the snapshot shortly after any change
/// (bursts of endpoint churn are coalesced into one rebuild).
/// </summary>
internal sealed class KubernetesConfigSource : IConfigSource, IAsyncDisposable
{
    /// <summary>How long to gather a burst of events before rebuilding; well inside the 1 s push budget.</summary>
    public static readonly TimeSpan CoalescePeriod = TimeSpan.FromMilliseconds(50);

    private readonly KubernetesSourceSettings _settings;
    private readonly string _environment;
    private readonly ConfigStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly KubernetesApiClient _api;
    private readonly Dictionary<KubernetesResourceType, KubernetesObjectSet> _objects = [];
    private readonly List<ResourceWatcher> _watchers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _rebuild;
    private readonly Lock _rebuildGate = new();
    private ImmutableSortedSet<string> _reported = [];
    private Task _running = Task.CompletedTask;
    private volatile bool _synced;

    public KubernetesConfigSource(
        KubernetesSourceSettings settings,
        string? environment,
        ConfigStore store,
        TimeProvider timeProvider,
        ILogger<KubernetesConfigSource> logger)
    {
        _settings = settings;
        _environment = environment ?? string.Empty;
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
        _api = new KubernetesApiClient(settings);
        _rebuild = timeProvider.CreateTimer(_ => Rebuild(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        foreach (var type in KubernetesResourceType.Watched)
        {
            _objects[type] = new KubernetesObjectSet(type == KubernetesResourceType.Pods ? PodProjection.Project : null);
        }
    }

    /// <inheritdoc/>
    public string Description => $"kubernetes:{_settings.ApiServer.GetLeftPart(UriPartial.Authority)}"
        + (_settings.AllNamespaces ? string.Empty : $"/{string.Join(',', _settings.Namespaces)}");

    /// <summary>Lists everything once, serves the first snapshot, then keeps watching; waits as long as the API server is unreachable.</summary>
    public async Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        var random = new Random();
        IReadOnlyList<string?> scopes = _settings.AllNamespaces ? [null] : [.. _settings.Namespaces];
        foreach (var type in KubernetesResourceType.Watched)
        {
            foreach (var scope in scopes)
            {
                _watchers.Add(new ResourceWatcher(_api, type, scope, _objects[type], OnChanged, _timeProvider, _logger, new Random(random.Next())));
            }
        }

        _running = Task.WhenAll(_watchers.Select(w => Task.Run(() => w.RunAsync(_stopping.Token), CancellationToken.None)));
        await Task.WhenAll(_watchers.Select(w => w.Synced)).WaitAsync(cancellationToken).ConfigureAwait(false);
        _synced = true;
        return Rebuild();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        await _rebuild.DisposeAsync().ConfigureAwait(false);
        _api.Dispose();
        _stopping.Dispose();
    }

    private void OnChanged()
    {
        if (_synced)
        {
            _rebuild.Change(CoalescePeriod, Timeout.InfiniteTimeSpan);
        }
    }

    private bool Rebuild()
    {
        lock (_rebuildGate)
        {
            var meshObjects = KubernetesResourceType.MeshKinds.ToImmutableDictionary(t => t.Kind, t => _objects[t].Snapshot());
            var input = new KubernetesSnapshotInput(
                meshObjects,
                _objects[KubernetesResourceType.Services].Snapshot(),
                _objects[KubernetesResourceType.EndpointSlices].Snapshot(),
                _objects[KubernetesResourceType.Pods].Snapshot());
            var snapshot = KubernetesSnapshotBuilder.Build(_environment, input);
            Report(snapshot);

            var result = snapshot.LoadResult;
            _store.ReportSkipped(snapshot.Skipped);
            var changed = _store.Apply(result);
            if (result.Config is null)
            {
                Log.ConfigRejected(_logger, result.Errors.Length);
                foreach (var error in result.Errors)
                {
                    Log.ConfigError(_logger, error.ToString());
                }
            }
            else if (changed)
            {
                Log.ConfigAccepted(_logger, _store.Current!.Version, result.Files.Length, snapshot.SkippedObjects.Count);
            }

            return result.Config is not null;
        }
    }

    /// <summary>Logs each skipped object's errors once, when it starts being skipped, and says when it is served again.</summary>
    private void Report(KubernetesSnapshot snapshot)
    {
        var reported = snapshot.Skipped.Select(e => e.ToString()).ToImmutableSortedSet(StringComparer.Ordinal);
        foreach (var error in reported.Except(_reported))
        {
            Log.ObjectSkipped(_logger, error);
        }

        var skippedBefore = _reported.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        foreach (var recovered in skippedBefore.Except(snapshot.SkippedObjects))
        {
            Log.ObjectRecovered(_logger, recovered);
        }

        _reported = reported;
    }
}
