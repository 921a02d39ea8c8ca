using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Xds;

namespace Mesh.Sdk.Routing;

/// <summary>
/// Follows each listener's chain (HttpConnectionManager → route configuration → clusters → load
/// assignments) and compiles the complete ones. Each route configuration and cluster is compiled once
/// per build however many listeners share it.
/// </summary>
internal sealed class RoutingTableBuilder
{
    private readonly XdsResources _resources;
    private readonly RoutingTable? _previous;
    private readonly LocalityPreferenceOptions _locality;
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly RouteEntryBuilder _routes;
    private readonly Dictionary<string, ClusterState> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _clusterErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<(string RouteConfiguration, int VirtualHost), ServiceRoute> _services = [];

    public RoutingTableBuilder(XdsResources resources, RoutingTable? previous, LocalityPreferenceOptions locality, Random random, TimeProvider time)
    {
        _resources = resources;
        _previous = previous;
        _locality = locality;
        _random = random;
        _time = time;
        _routes = new RouteEntryBuilder(TryGetCluster, random, time);
    }

    public RoutingTable Build()
    {
        var services = new Dictionary<string, ServiceRoute>(StringComparer.OrdinalIgnoreCase);
        var complete = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var (name, listener) in _resources.Listeners.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (TryBuildService(listener, out var service, out var error))
            {
                services[name] = service;
                complete.Add(name);
                continue;
            }

            problems.Add(error);

            // A chain caught mid-update (say a route naming a subset cluster whose endpoints have not
            // arrived) keeps routing by the previous table rather than falling out of the mesh.
            if (_previous is not null && _previous.Services.TryGetValue(name, out var last))
            {
                services[name] = last;
            }
        }

        return new RoutingTable(
            services.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            complete.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            _clusters.ToFrozenDictionary(StringComparer.Ordinal),
            [.. problems]);
    }

    private bool TryBuildService(Listener listener, [NotNullWhen(true)] out ServiceRoute? service, [NotNullWhen(false)] out string? error)
    {
        service = null;
        if (listener.ApiListener?.ApiListener_ is not { } any || !any.TryUnpack<HttpConnectionManager>(out var manager))
        {
            error = $"Listener '{listener.Name}' has no api_listener holding an HttpConnectionManager.";
            return false;
        }

        RouteConfiguration? configuration;
        switch (manager.RouteSpecifierCase)
        {
            case HttpConnectionManager.RouteSpecifierOneofCase.Rds:
                if (!_resources.Routes.TryGetValue(manager.Rds.RouteConfigName, out configuration))
                {
                    error = $"Listener '{listener.Name}' waits for RouteConfiguration '{manager.Rds.RouteConfigName}'.";
                    return false;
                }

                break;
            case HttpConnectionManager.RouteSpecifierOneofCase.RouteConfig:
                configuration = manager.RouteConfig;
                break;
            default:
                error = $"Listener '{listener.Name}' names neither rds nor route_config.";
                return false;
        }

        var virtualHost = SelectVirtualHost(configuration, listener.Name);
        if (virtualHost < 0)
        {
            error = $"RouteConfiguration '{configuration.Name}' has no virtual host whose domains cover '{listener.Name}'.";
            return false;
        }

        var cacheable = manager.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds;
        if (cacheable && _services.TryGetValue((configuration.Name, virtualHost), out service))
        {
            error = null;
            return true;
        }

        if (!_routes.TryBuild(configuration, virtualHost, out service, out error))
        {
            return false;
        }

        if (cacheable)
        {
            _services[(configuration.Name, virtualHost)] = service;
        }

        return true;
    }

    // The virtual host naming the listener, else a catch-all "*", else the only one there is.
    private static int SelectVirtualHost(RouteConfiguration configuration, string listenerName)
    {
        var wildcard = -1;
        for (var i = 0; i < configuration.VirtualHosts.Count; i++)
        {
            foreach (var domain in configuration.VirtualHosts[i].Domains)
            {
                if (string.Equals(domain, listenerName, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }

                if (domain == "*" && wildcard < 0)
                {
                    wildcard = i;
                }
            }
        }

        return wildcard >= 0 ? wildcard : configuration.VirtualHosts.Count == 1 ? 0 : -1;
    }

    private bool TryGetCluster(string name, [NotNullWhen(true)] out ClusterState? state, [NotNullWhen(false)] out string? error)
    {
        if (_clusters.TryGetValue(name, out state))
        {
            error = null;
            return true;
        }

        if (_clusterErrors.TryGetValue(name, out error))
        {
            return false;
        }

        if (TryBuildCluster(name, out state, out error))
        {
            _clusters[name] = state;
            return true;
        }

        _clusterErrors[name] = error;
        return false;
    }

    private bool TryBuildCluster(string name, [NotNullWhen(true)] out ClusterState? state, [NotNullWhen(false)] out string? error)
    {
        state = null;
        if (!_resources.Clusters.TryGetValue(name, out var cluster))
        {
            error = $"Cluster '{name}' has not arrived.";
            return false;
        }

        if (cluster.Type != Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds)
        {
            error = $"Cluster '{name}' has type {cluster.Type}; only EDS clusters are routable.";
            return false;
        }

        var assignmentName = cluster.EdsClusterConfig?.ServiceName is { Length: > 0 } serviceName ? serviceName : name;
        if (!_resources.Endpoints.TryGetValue(assignmentName, out var assignment))
        {
            error = $"Cluster '{name}' waits for ClusterLoadAssignment '{assignmentName}'.";
            return false;
        }

        ClusterState? previous = null;
        _previous?.Clusters.TryGetValue(name, out previous);
        return ClusterStateBuilder.TryBuild(cluster, assignment, previous, _locality, _random, out state, out error, _time);
    }
}
