using Mesh.ControlPlane.Translation;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// What both ADS variants share: one loop handles the client's requests and config changes, so
/// responses are written one at a time and in the order of events (a slow client only delays itself);
/// subscriptions per type URL in push order; ACK/NACK bookkeeping; the client's status in the registry.
/// </summary>
/// <typeparam name="TRequest">The stream's request message.</typeparam>
/// <typeparam name="TSubscription">The variant's per-type subscription state.</typeparam>
internal abstract class AdsStreamSession<TRequest, TSubscription>
    where TSubscription : TypeSubscription
{
    private readonly XdsSnapshotCache _cache;
    private readonly ClientRegistration _registration;
    private readonly TimeProvider _timeProvider;
    private readonly List<TSubscription> _subscriptions = [];

    protected AdsStreamSession(XdsSnapshotCache cache, ClientRegistration registration, TimeProvider timeProvider, ILogger logger)
    {
        _cache = cache;
        _registration = registration;
        _timeProvider = timeProvider;
        Logger = logger;
        Kind = registration.Status.Kind;
        NodeId = registration.Status.NodeId;
        Seen = cache.Current;
    }

    /// <summary>The snapshot the session last answered from.</summary>
    protected XdsSnapshot Seen { get; private set; }

    protected ClientKind Kind { get; }

    protected string NodeId { get; }

    protected ILogger Logger { get; }

    protected NonceSequence Nonces { get; } = new();

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

    /// <summary>A new subscription of the variant's kind.</summary>
    protected abstract TSubscription Create(string typeUrl);

    /// <summary>Sends <paramref name="subscription"/> what it lacks from <see cref="Seen"/>; true when a response went out.</summary>
    protected abstract Task<bool> SendIfChangedAsync(TSubscription subscription, CancellationToken cancellationToken);

    protected RpcException MissingTypeUrl(string requestName) => new(new Status(
        StatusCode.InvalidArgument,
        $"A {requestName} from node '{NodeId}' has no type_url; every request on an ADS stream must name its resource type."));

    protected TSubscription? Find(string typeUrl)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.TypeUrl == typeUrl)
            {
                return subscription;
            }
        }

        return null;
    }

    protected TSubscription Add(string typeUrl)
    {
        var subscription = Create(typeUrl);
        _subscriptions.Add(subscription);
        PushOrder.Sort(_subscriptions, static s => s.TypeUrl);
        return subscription;
    }

    /// <summary>Records the client's answer to the last response of <paramref name="subscription"/>: an ACK, or a NACK with its text.</summary>
    protected void Acknowledge(TSubscription subscription, string nonce, Google.Rpc.Status? errorDetail)
    {
        var version = subscription.LastSentVersion!;
        if (errorDetail is null)
        {
            subscription.RecordAck();
            Log.AckReceived(Logger, subscription.TypeUrl, version, NodeId);
            return;
        }

        var nack = new XdsNack(version, nonce, errorDetail.Message, _timeProvider.GetUtcNow());
        subscription.RecordNack(nack);
        _registration.RecordNack(subscription.TypeUrl, nack);
        Log.NackReceived(Logger, subscription.TypeUrl, version, NodeId, subscription.AckedVersion ?? "none", nack.Error);
    }

    protected void PublishStatus()
    {
        var types = new XdsTypeStatus[_subscriptions.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = _subscriptions[i].ToStatus();
        }

        _registration.Update(types);
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var current = _cache.Current;
        if (ReferenceEquals(current, Seen))
        {
            return;
        }

        Seen = current;
        var sent = false;
        foreach (var subscription in _subscriptions)
        {
            sent |= await SendIfChangedAsync(subscription, cancellationToken).ConfigureAwait(false);
        }

        if (sent)
        {
            PublishStatus();
        }
    }
}
