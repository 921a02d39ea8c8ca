using Envoy.Service.Discovery.V3;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// Serves one incremental (delta) ADS stream: each response carries only the resources the client
/// does not hold at their current version, and names the ones that went away.
/// </summary>
internal sealed class DeltaAdsSession : AdsStreamSession<DeltaDiscoveryRequest, DeltaSubscriptionState>
{
    private readonly IServerStreamWriter<DeltaDiscoveryResponse> _responses;

    public DeltaAdsSession(
        XdsSnapshotCache cache,
        ClientRegistration registration,
        IServerStreamWriter<DeltaDiscoveryResponse> responses,
        TimeProvider timeProvider,
        ILogger logger)
        : base(cache, registration, timeProvider, logger)
    {
        _responses = responses;
    }

    protected override async Task HandleAsync(DeltaDiscoveryRequest request, CancellationToken cancellationToken)
    {
        if (request.TypeUrl.Length == 0)
        {
            throw MissingTypeUrl(nameof(DeltaDiscoveryRequest));
        }

        var subscription = Find(request.TypeUrl) ?? Add(request.TypeUrl);
        var nonce = request.ResponseNonce;
        if (nonce.Length > 0)
        {
            if (nonce == subscription.LastSentNonce)
            {
                Acknowledge(subscription, nonce, request.ErrorDetail);
            }
            else
            {
                Log.StaleNonceIgnored(Logger, request.TypeUrl, nonce, NodeId);
            }
        }

        // In delta xDS a subscription change stands on its own, whatever nonce travels with it.
        subscription.Apply(request.ResourceNamesSubscribe, request.ResourceNamesUnsubscribe, request.InitialResourceVersions);
        await SendIfChangedAsync(subscription, cancellationToken).ConfigureAwait(false);
        PublishStatus();
    }

    protected override DeltaSubscriptionState Create(string typeUrl) => new(typeUrl);

    protected override async Task<bool> SendIfChangedAsync(DeltaSubscriptionState subscription, CancellationToken cancellationToken)
    {
        var snapshot = Seen;
        if (snapshot.Config is null)
        {
            // Nothing is published yet; the subscription stays due and is answered after the first publish.
            return false;
        }

        var resources = snapshot.For(Kind);
        var available = resources.Get(subscription.TypeUrl);
        var (changed, removed) = subscription.Diff(available);
        if (!subscription.ResponseDue && changed.Count == 0 && removed.Count == 0)
        {
            return false;
        }

        var response = new DeltaDiscoveryResponse
        {
            SystemVersionInfo = resources.TypeVersion(subscription.TypeUrl),
            TypeUrl = subscription.TypeUrl,
            Nonce = Nonces.Next(),
        };
        foreach (var resource in changed)
        {
            response.Resources.Add(new Resource { Name = resource.Name, Version = resource.Hash, Resource_ = resource.Resource });
        }

        response.RemovedResources.Add(removed);
        await _responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        subscription.RecordSent(response.SystemVersionInfo, response.Nonce, changed, removed);
        Log.ResponseSent(Logger, subscription.TypeUrl, response.SystemVersionInfo, response.Nonce, changed.Count, NodeId);
        return true;
    }
}
