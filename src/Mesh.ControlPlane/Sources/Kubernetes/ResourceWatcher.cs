using System.Text.Json;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// Lists one resource type in one namespace (or all), then watches it from the list's resourceVersion,
/// following bookmarks. A watch the server ends is resumed from the last resourceVersion seen; a 410 Gone
/// (an ERROR event or an HTTP 410) lists again; any other failure retries with backoff and jitter, while
/// the objects already known keep being served.
/// </summary>
internal sealed class ResourceWatcher
{
    /// <summary>A watch that ends this soon without an event counts as a failure, so a server that closes at once is not hammered.</summary>
    private static readonly TimeSpan ShortestHealthyWatch = TimeSpan.FromSeconds(1);

    private readonly KubernetesApiClient _api;
    private readonly KubernetesResourceType _type;
    private readonly string? _namespace;
    private readonly KubernetesObjectSet _objects;
    private readonly Action _changed;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RetryBackoff _backoff;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResourceWatcher(
        KubernetesApiClient api,
        KubernetesResourceType type,
        string? ns,
        KubernetesObjectSet objects,
        Action changed,
        TimeProvider timeProvider,
        ILogger logger,
        Random random)
    {
        _api = api;
        _type = type;
        _namespace = ns;
        _objects = objects;
        _changed = changed;
        _timeProvider = timeProvider;
        _logger = logger;
        _backoff = new RetryBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), random);
    }

    /// <summary>Completes once the first list is in.</summary>
    public Task Synced => _synced.Task;

    private string Scope => _namespace is null ? "all namespaces" : $"namespace {_namespace}";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var (items, listed) = await _api.ListAsync(_type, _namespace, cancellationToken).ConfigureAwait(false);
                    _objects.Replace(_namespace, items);
                    resourceVersion = listed;
                    Log.Listed(_logger, items.Count, _type.Plural, Scope, listed);
                    _synced.TrySetResult();
                    _changed();
                }

                var started = _timeProvider.GetTimestamp();
                var events = 0;
                await foreach (var watchEvent in _api.WatchAsync(_type, _namespace, resourceVersion, cancellationToken).ConfigureAwait(false))
                {
                    resourceVersion = Apply(watchEvent) ?? resourceVersion;
                    events++;
                    _backoff.Reset();
                }

                if (events == 0 && _timeProvider.GetElapsedTime(started) < ShortestHealthyWatch)
                {
                    await BackOffAsync("the watch ended at once without an event", cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ResourceExpiredException expired) when (resourceVersion is not null)
            {
                Log.Expired(_logger, _type.Plural, Scope, expired.Message);
                resourceVersion = null;
            }
            catch (ResourceExpiredException expired)
            {
                // A list that keeps expiring mid-way (continue tokens outliving etcd compaction) is retried with
                // backoff, not in a tight loop against the API server.
                await BackOffAsync(expired.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is HttpRequestException or IOException or JsonException or OperationCanceledException)
            {
                await BackOffAsync(exception.Message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Applies one event to the set; returns the resourceVersion to resume from.</summary>
    private string? Apply(WatchEvent watchEvent)
    {
        switch (watchEvent.Type)
        {
            case WatchEvent.Added or WatchEvent.Modified:
                var upserted = _objects.Upsert(watchEvent.Object);
                _changed();
                return upserted;
            case WatchEvent.Deleted:
                var removed = _objects.Remove(watchEvent.Object);
                _changed();
                return removed;
            case WatchEvent.Bookmark:
                return KubernetesObject.From(watchEvent.Object)?.ResourceVersion
                    ?? (watchEvent.Object.TryGetProperty("metadata", out var metadata) ? KubernetesObject.Text(metadata, "resourceVersion") : null);
            case WatchEvent.Error when watchEvent.StatusCode == 410:
                throw new ResourceExpiredException($"ERROR event 410: {watchEvent.StatusMessage}");
            case WatchEvent.Error:
                throw new HttpRequestException($"ERROR event {watchEvent.StatusCode}: {watchEvent.StatusMessage}");
            default:
                return null;
        }
    }

    private async Task BackOffAsync(string reason, CancellationToken cancellationToken)
    {
        var delay = _backoff.NextDelay();
        Log.WatchFailed(_logger, _type.Plural, Scope, reason, (long)delay.TotalMilliseconds);
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: RunAsync sees the token and returns.
        }
    }
}
