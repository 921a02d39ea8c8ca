using System.Collections.Immutable;
using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>Translates a rule's destinations, timeout, retries and hash key into an xDS <c>RouteAction</c>.</summary>
internal static class RouteActionBuilder
{
    public static RouteAction Build(
        ResourceMetadata service,
        ImmutableArray<RouteDestination> destinations,
        TimeSpan? timeout,
        Configuration.RetryPolicy? retries,
        Configuration.HashPolicy? hashOn,
        ClientProfile profile)
    {
        var action = new RouteAction();
        SetClusters(action, service, destinations);

        if (timeout is { } limit)
        {
            action.Timeout = Duration.FromTimeSpan(limit);
            if (!profile.ReadsRouteTimeout)
            {
                // gRPC ignores `timeout` and applies max_stream_duration as the call deadline (gRFC A31).
                action.MaxStreamDuration = new RouteAction.Types.MaxStreamDuration { MaxStreamDuration_ = Duration.FromTimeSpan(limit) };
            }
        }

        if (RetryPolicyBuilder.Build(retries, profile) is { } retryPolicy)
        {
            action.RetryPolicy = retryPolicy;
        }

        if (hashOn?.Header is { } header)
        {
            action.HashPolicy.Add(new RouteAction.Types.HashPolicy
            {
                Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = header },
            });
        }

        return action;
    }

    // Zero-weight destinations are dropped (gRPC rejects a route whose weights sum to zero); one
    // destination left is a plain cluster; none left (or none given) means the whole service.
    private static void SetClusters(RouteAction action, ResourceMetadata service, ImmutableArray<RouteDestination> destinations)
    {
        var weighted = new WeightedCluster();
        var total = 0u;
        foreach (var destination in destinations)
        {
            if (destination.Weight == 0)
            {
                continue;
            }

            total = checked(total + destination.Weight);
            weighted.Clusters.Add(new WeightedCluster.Types.ClusterWeight
            {
                Name = XdsNames.DestinationCluster(service, destination.Subset),
                Weight = destination.Weight,
            });
        }

        switch (weighted.Clusters.Count)
        {
            case 0:
                action.Cluster = XdsNames.Cluster(service);
                break;
            case 1:
                action.Cluster = weighted.Clusters[0].Name;
                break;
            default:
                weighted.TotalWeight = total;
                action.WeightedClusters = weighted;
                break;
        }
    }
}
