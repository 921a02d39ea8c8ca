using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// The loop shared by both ADS variants: one loop handles the client's requests and config changes,
/// so responses are written one at a time and in the order of events; a slow client only delays itself.
/// </summary>
/// <typeparam name="TRequest">The stream's request message.</typeparam>
internal abstract class AdsStreamSession<TRequest>
{
    private readonly XdsSnapshotCache _cache;

    protected AdsStreamSession(XdsSnapshotCache cache)
    {
        _cache = cache;
        Seen = cache.Current;
    }

    /// <summary>The snapshot the session last answered from.</summary>
    protected XdsSnapshot Seen { get; private set; }

    /// <summary>Serves the stream until the client closes it; throws when <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(TRequest first, IAsyncStreamReader<TRequest> requests, CancellationToken cancellationToken)
    {
        await HandleAsync(first, cancellationToken).ConfigureAwait(false);
        var next = requests.MoveNext(cancellationToken);
        while (true)
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            var completed = await Task.WhenAny(next, Seen.Superseded).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (completed != next)
            {
                continue;
            }

            if (!await next.ConfigureAwait(false))
            {
                return;
            }

            // A config published before this request arrived is answered first, so the order is the order of events.
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            await HandleAsync(requests.Current, cancellationToken).ConfigureAwait(false);
            next = requests.MoveNext(cancellationToken);
        }
    }

    /// <summary>Handles one request from the client.</summary>
    protected abstract Task HandleAsync(TRequest request, CancellationToken cancellationToken);

    /// <summary>Sends whatever the newly <see cref="Seen"/> snapshot changes for this client.</summary>
    protected abstract Task OnSnapshotAsync(CancellationToken cancellationToken);

    private Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var current = _cache.Current;
        if (ReferenceEquals(current, Seen))
        {
            return Task.CompletedTask;
        }

        Seen = current;
        return OnSnapshotAsync(cancellationToken);
    }
}
