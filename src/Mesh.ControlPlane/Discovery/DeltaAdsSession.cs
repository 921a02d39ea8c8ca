using Envoy.Service.Discovery.V3;
using Mesh.ControlPlane.Translation;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// Serves one incremental (delta) ADS stream: each response carries only the resources the client
/// does not hold at their current version, and names the ones that went away.
/// </summary>
internal sealed class DeltaAdsSession : AdsStreamSession<DeltaDiscoveryRequest>
{
    private readonly ClientRegistration _registration;
    private readonly ClientKind _kind;
    private readonly string _nodeId;
    private readonly IServerStreamWriter<DeltaDiscoveryResponse> _responses;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly NonceSequence _nonces = new();
    private readonly List<DeltaSubscriptionState> _subscriptions = [];

    public DeltaAdsSession(
        XdsSnapshotCache cache,
        ClientRegistration registration,
        IServerStreamWriter<DeltaDiscoveryResponse> responses,
        TimeProvider timeProvider,
        ILogger logger)
        : base(cache)
    {
        _registration = registration;
        _kind = registration.Status.Kind;
        _nodeId = registration.Status.NodeId;
        _responses = responses;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task OnSnapshotAsync(CancellationToken cancellationToken)
    {
        var sent = false;
        foreach (var subscription in _subscriptions)
        {
            sent |= await SendChangesAsync(subscription, cancellationToken).ConfigureAwait(false);
        }

        if (sent)
        {
            PublishStatus();
        }
    }

    protected override async Task HandleAsync(DeltaDiscoveryRequest request, CancellationToken cancellationToken)
    {
        if (request.TypeUrl.Length == 0)
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"A DeltaDiscoveryRequest from node '{_nodeId}' has no type_url; every request on an ADS stream must name its resource type."));
        }

        var subscription = Find(request.TypeUrl) ?? Add(request.TypeUrl);
        var nonce = request.ResponseNonce;
        if (nonce.Length > 0)
        {
            if (nonce == subscription.LastSentNonce)
            {
                Acknowledge(subscription, request);
            }
            else
            {
                Log.StaleNonceIgnored(_logger, request.TypeUrl, nonce, _nodeId);
            }
        }

        // In delta xDS a subscription change stands on its own, whatever nonce travels with it.
        subscription.Apply(request.ResourceNamesSubscribe, request.ResourceNamesUnsubscribe, request.InitialResourceVersions);
        await SendChangesAsync(subscription, cancellationToken).ConfigureAwait(false);
        PublishStatus();
    }

    private void Acknowledge(DeltaSubscriptionState subscription, DeltaDiscoveryRequest request)
    {
        var version = subscription.LastSentVersion!;
        if (request.ErrorDetail is null)
        {
            subscription.RecordAck();
            Log.AckReceived(_logger, subscription.TypeUrl, version, _nodeId);
            return;
        }

        var nack = new XdsNack(version, request.ResponseNonce, request.ErrorDetail.Message, _timeProvider.GetUtcNow());
        subscription.RecordNack(nack);
        _registration.RecordNack(subscription.TypeUrl, nack);
        Log.NackReceived(_logger, subscription.TypeUrl, version, _nodeId, subscription.AckedVersion ?? "none", nack.Error);
    }

    private async Task<bool> SendChangesAsync(DeltaSubscriptionState subscription, CancellationToken cancellationToken)
    {
        var snapshot = Seen;
        if (snapshot.Config is null)
        {
            // Nothing is published yet; the subscription stays due and is answered after the first publish.
            return false;
        }

        var available = snapshot.For(_kind).Get(subscription.TypeUrl);
        var (changed, removed) = subscription.Diff(available);
        if (!subscription.ResponseDue && changed.Count == 0 && removed.Count == 0)
        {
            return false;
        }

        var response = new DeltaDiscoveryResponse
        {
            SystemVersionInfo = VersionHasher.HashResources([.. available.Values]),
            TypeUrl = subscription.TypeUrl,
            Nonce = _nonces.Next(),
        };
        foreach (var resource in changed)
        {
            response.Resources.Add(new Resource { Name = resource.Name, Version = resource.Hash, Resource_ = resource.Resource });
        }

        response.RemovedResources.Add(removed);
        await _responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        subscription.RecordSent(response.SystemVersionInfo, response.Nonce, changed, removed);
        Log.ResponseSent(_logger, subscription.TypeUrl, response.SystemVersionInfo, response.Nonce, changed.Count, _nodeId);
        return true;
    }

    private DeltaSubscriptionState? Find(string typeUrl)
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

    private DeltaSubscriptionState Add(string typeUrl)
    {
        var subscription = new DeltaSubscriptionState(typeUrl);
        _subscriptions.Add(subscription);
        PushOrder.Sort(_subscriptions, static s => s.TypeUrl);
        return subscription;
    }

    private void PublishStatus()
    {
        var types = new XdsTypeStatus[_subscriptions.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = _subscriptions[i].ToStatus();
        }

        _registration.Update(types);
    }
}
