using Envoy.Service.Discovery.V3;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Discovery;

/// <summary>Serves one ADS stream in state-of-the-world mode: every response lists all subscribed resources of its type.</summary>
internal sealed class AdsSession : AdsStreamSession<DiscoveryRequest, SubscriptionState>
{
    private readonly IServerStreamWriter<DiscoveryResponse> _responses;

    public AdsSession(
        XdsSnapshotCache cache,
        ClientRegistration registration,
        IServerStreamWriter<DiscoveryResponse> responses,
        TimeProvider timeProvider,
        ILogger logger)
        : base(cache, registration, timeProvider, logger)
    {
        _responses = responses;
    }

    protected override async Task HandleAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        var typeUrl = request.TypeUrl;
        if (typeUrl.Length == 0)
        {
            throw MissingTypeUrl(nameof(DiscoveryRequest));
        }

        var nonce = request.ResponseNonce;
        var subscription = Find(typeUrl);

        // A nonce for a type this stream never served comes from an earlier stream: it opens a subscription.
        var answersResponse = nonce.Length > 0 && subscription is not null;
        if (answersResponse)
        {
            if (nonce != subscription!.LastSentNonce)
            {
                Log.StaleNonceIgnored(Logger, typeUrl, nonce, NodeId);
                return;
            }

            Acknowledge(subscription, nonce, request.ErrorDetail);
        }

        subscription ??= Add(typeUrl);
        subscription.Subscribe(request.ResourceNames, renew: !answersResponse);
        await SendIfChangedAsync(subscription, cancellationToken).ConfigureAwait(false);
        PublishStatus();
    }

    protected override SubscriptionState Create(string typeUrl) => new(typeUrl);

    protected override async Task<bool> SendIfChangedAsync(SubscriptionState subscription, CancellationToken cancellationToken)
    {
        var snapshot = Seen;
        if (snapshot.Config is null)
        {
            // Nothing is published yet; the subscription stays due and is answered after the first publish.
            return false;
        }

        var resources = subscription.Select(snapshot.For(Kind).Get(subscription.TypeUrl));
        var version = VersionHasher.HashResources(resources);
        if (!subscription.ResponseDue && version == subscription.LastSentVersion)
        {
            return false;
        }

        var response = new DiscoveryResponse { VersionInfo = version, TypeUrl = subscription.TypeUrl, Nonce = Nonces.Next() };
        foreach (var resource in resources)
        {
            response.Resources.Add(resource.Resource);
        }

        await _responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        subscription.RecordSent(version, response.Nonce);
        Log.ResponseSent(Logger, subscription.TypeUrl, version, response.Nonce, resources.Count, NodeId);
        return true;
    }
}
