using Envoy.Service.Discovery.V3;
using Mesh.ControlPlane.Translation;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Discovery;

/// <summary>Serves one ADS stream in state-of-the-world mode: every response lists all subscribed resources of its type.</summary>
internal sealed class AdsSession : AdsStreamSession<DiscoveryRequest>
{
    private readonly ClientRegistration _registration;
    private readonly ClientKind _kind;
    private readonly string _nodeId;
    private readonly IServerStreamWriter<DiscoveryResponse> _responses;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly NonceSequence _nonces = new();
    private readonly List<SubscriptionState> _subscriptions = [];

    public AdsSession(
        XdsSnapshotCache cache,
        ClientRegistration registration,
        IServerStreamWriter<DiscoveryResponse> responses,
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
            sent |= await SendIfChangedAsync(subscription, cancellationToken).ConfigureAwait(false);
        }

        if (sent)
        {
            PublishStatus();
        }
    }

    protected override async Task HandleAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        var typeUrl = request.TypeUrl;
        if (typeUrl.Length == 0)
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"A DiscoveryRequest from node '{_nodeId}' has no type_url; every request on an ADS stream must name its resource type."));
        }

        var nonce = request.ResponseNonce;
        var subscription = Find(typeUrl);

        // A nonce for a type this stream never served comes from an earlier stream: it opens a subscription.
        var answersResponse = nonce.Length > 0 && subscription is not null;
        if (answersResponse)
        {
            if (nonce != subscription!.LastSentNonce)
            {
                Log.StaleNonceIgnored(_logger, typeUrl, nonce, _nodeId);
                return;
            }

            Acknowledge(subscription, request);
        }

        subscription ??= Add(typeUrl);
        subscription.Subscribe(request.ResourceNames, renew: !answersResponse);
        await SendIfChangedAsync(subscription, cancellationToken).ConfigureAwait(false);
        PublishStatus();
    }

    private void Acknowledge(SubscriptionState subscription, DiscoveryRequest request)
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

    private async Task<bool> SendIfChangedAsync(SubscriptionState subscription, CancellationToken cancellationToken)
    {
        var snapshot = Seen;
        if (snapshot.Config is null)
        {
            // Nothing is published yet; the subscription stays due and is answered after the first publish.
            return false;
        }

        var resources = subscription.Select(snapshot.For(_kind).Get(subscription.TypeUrl));
        var version = VersionHasher.HashResources(resources);
        if (!subscription.ResponseDue && version == subscription.LastSentVersion)
        {
            return false;
        }

        var response = new DiscoveryResponse { VersionInfo = version, TypeUrl = subscription.TypeUrl, Nonce = _nonces.Next() };
        foreach (var resource in resources)
        {
            response.Resources.Add(resource.Resource);
        }

        await _responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        subscription.RecordSent(version, response.Nonce);
        Log.ResponseSent(_logger, subscription.TypeUrl, version, response.Nonce, resources.Count, _nodeId);
        return true;
    }

    private SubscriptionState? Find(string typeUrl)
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

    private SubscriptionState Add(string typeUrl)
    {
        var subscription = new SubscriptionState(typeUrl);
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
