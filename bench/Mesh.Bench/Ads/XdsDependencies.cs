using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.Bench.Ads;

/// <summary>
/// What a proxyless client subscribes to next after each resource type, as grpc-js-xds does:
/// listener → its RDS route config, route config → the clusters its routes send to, cluster → its EDS name.
/// </summary>
internal static class XdsDependencies
{
    public static SortedSet<string> RouteConfigNames(RepeatedField<Any> listeners)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in listeners)
        {
            var listener = resource.Unpack<Listener>();
            var manager = listener.ApiListener?.ApiListener_?.Unpack<HttpConnectionManager>()
                ?? throw new InvalidDataException($"Listener '{listener.Name}' has no api_listener HttpConnectionManager.");
            names.Add(manager.Rds?.RouteConfigName
                ?? throw new InvalidDataException($"Listener '{listener.Name}' does not fetch its routes over RDS."));
        }

        return names;
    }

    public static SortedSet<string> ClusterNames(RepeatedField<Any> routeConfigurations)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in routeConfigurations)
        {
            foreach (var virtualHost in resource.Unpack<RouteConfiguration>().VirtualHosts)
            {
                foreach (var route in virtualHost.Routes)
                {
                    AddClusters(route.Route_, names);
                }
            }
        }

        return names;
    }

    public static SortedSet<string> EndpointNames(RepeatedField<Any> clusters)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in clusters)
        {
            var cluster = resource.Unpack<Cluster>();
            var serviceName = cluster.EdsClusterConfig?.ServiceName;
            names.Add(string.IsNullOrEmpty(serviceName) ? cluster.Name : serviceName);
        }

        return names;
    }

    private static void AddClusters(RouteAction? action, SortedSet<string> names)
    {
        if (action is null)
        {
            return;
        }

        if (action.ClusterSpecifierCase == RouteAction.ClusterSpecifierOneofCase.Cluster)
        {
            names.Add(action.Cluster);
            return;
        }

        if (action.WeightedClusters is { } weighted)
        {
            foreach (var cluster in weighted.Clusters)
            {
                names.Add(cluster.Name);
            }
        }
    }
}
