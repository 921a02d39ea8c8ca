using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;

namespace Mesh.Sdk.Xds;

/// <summary>
/// Follows the references between validated resources: listener → route configuration → clusters →
/// load assignments. Decides what the client subscribes to and when a listener has everything it needs.
/// </summary>
internal static class XdsReferences
{
    /// <summary>The HttpConnectionManager of a listener that passed validation.</summary>
    public static HttpConnectionManager Manager(Listener listener) =>
        HttpConnectionManager.Parser.ParseFrom(listener.ApiListener.ApiListener_.Value);

    /// <summary>Every cluster a route configuration sends to.</summary>
    public static IEnumerable<string> ClusterNames(RouteConfiguration configuration)
    {
        foreach (var host in configuration.VirtualHosts)
        {
            foreach (var route in host.Routes)
            {
                switch (route.Route_?.ClusterSpecifierCase)
                {
                    case RouteAction.ClusterSpecifierOneofCase.Cluster:
                        yield return route.Route_.Cluster;
                        break;
                    case RouteAction.ClusterSpecifierOneofCase.WeightedClusters:
                        foreach (var weighted in route.Route_.WeightedClusters.Clusters)
                        {
                            yield return weighted.Name;
                        }

                        break;
                }
            }
        }
    }

    /// <summary>The EDS resource name of a cluster: its <c>service_name</c>, or its own name when that is empty.</summary>
    public static string EndpointsName(Cluster cluster) =>
        cluster.EdsClusterConfig?.ServiceName is { Length: > 0 } serviceName ? serviceName : cluster.Name;

    /// <summary>What to subscribe to for <paramref name="listeners"/>, given the resources already held.</summary>
    public static XdsWantedNames Wanted(IEnumerable<string> listeners, XdsResources resources)
    {
        var listenerNames = ImmutableSortedSet.CreateRange(StringComparer.Ordinal, listeners);
        var routes = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        var clusters = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var name in listenerNames)
        {
            if (!resources.Listeners.TryGetValue(name, out var listener))
            {
                continue;
            }

            var manager = Manager(listener);
            if (manager.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds)
            {
                routes.Add(manager.Rds.RouteConfigName);
            }
            else
            {
                clusters.UnionWith(ClusterNames(manager.RouteConfig));
            }
        }

        foreach (var name in routes)
        {
            if (resources.Routes.TryGetValue(name, out var configuration))
            {
                clusters.UnionWith(ClusterNames(configuration));
            }
        }

        var endpoints = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var name in clusters)
        {
            if (resources.Clusters.TryGetValue(name, out var cluster))
            {
                endpoints.Add(EndpointsName(cluster));
            }
        }

        return new XdsWantedNames(listenerNames, routes.ToImmutable(), clusters.ToImmutable(), endpoints.ToImmutable());
    }

    /// <summary>True when the listener, its route configuration, every cluster it routes to and their endpoints are all held.</summary>
    public static bool IsComplete(string listenerName, XdsResources resources)
    {
        if (!resources.Listeners.TryGetValue(listenerName, out var listener))
        {
            return false;
        }

        var manager = Manager(listener);
        RouteConfiguration? configuration;
        if (manager.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds)
        {
            if (!resources.Routes.TryGetValue(manager.Rds.RouteConfigName, out configuration))
            {
                return false;
            }
        }
        else
        {
            configuration = manager.RouteConfig;
        }

        foreach (var name in ClusterNames(configuration))
        {
            if (!resources.Clusters.TryGetValue(name, out var cluster) || !resources.Endpoints.ContainsKey(EndpointsName(cluster)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The resources with everything <paramref name="wanted"/> does not name dropped.</summary>
    public static XdsResources Retain(XdsResources resources, XdsWantedNames wanted) => new(
        Retain(resources.Listeners, wanted.Listeners),
        Retain(resources.Routes, wanted.Routes),
        Retain(resources.Clusters, wanted.Clusters),
        Retain(resources.Endpoints, wanted.Endpoints));

    private static ImmutableDictionary<string, T> Retain<T>(ImmutableDictionary<string, T> resources, ImmutableSortedSet<string> names)
    {
        var result = resources;
        foreach (var name in resources.Keys)
        {
            if (!names.Contains(name))
            {
                result = result.Remove(name);
            }
        }

        return result;
    }
}
