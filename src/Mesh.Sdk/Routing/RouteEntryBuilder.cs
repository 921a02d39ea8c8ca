using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Http.LocalRatelimit.V3;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Resilience;

namespace Mesh.Sdk.Routing;

/// <summary>Compiles one virtual host's routes into a <see cref="ServiceRoute"/>; any route that cannot be compiled fails the whole host.</summary>
internal sealed class RouteEntryBuilder
{
    /// <summary>Looks up (building on first use) the state of a cluster a route names.</summary>
    public delegate bool ClusterLookup(string name, [NotNullWhen(true)] out ClusterState? state, [NotNullWhen(false)] out string? error);

    private readonly ClusterLookup _clusters;
    private readonly Random _random;
    private readonly TimeProvider _time;

    // A virtual host's rate limit is one bucket for the whole service, shared by every route that inherits it.
    private readonly Dictionary<VirtualHost, LocalRateLimitPolicy> _hostLimits = new(ReferenceEqualityComparer.Instance);

    public RouteEntryBuilder(ClusterLookup clusters, Random random, TimeProvider? time = null)
    {
        _clusters = clusters;
        _random = random;
        _time = time ?? TimeProvider.System;
    }

    public bool TryBuild(
        RouteConfiguration configuration,
        int virtualHostIndex,
        [NotNullWhen(true)] out ServiceRoute? service,
        [NotNullWhen(false)] out string? error)
    {
        service = null;
        var virtualHost = configuration.VirtualHosts[virtualHostIndex];
        var routes = ImmutableArray.CreateBuilder<RouteEntry>(virtualHost.Routes.Count);
        for (var i = 0; i < virtualHost.Routes.Count; i++)
        {
            var field = $"RouteConfiguration '{configuration.Name}' virtual_hosts[{virtualHostIndex}].routes[{i}]";
            if (!TryBuildRoute(virtualHost, virtualHost.Routes[i], field, out var route, out error))
            {
                return false;
            }

            routes.Add(route);
        }

        service = new ServiceRoute(configuration.Name, virtualHost.Name, routes.MoveToImmutable());
        error = null;
        return true;
    }

    private bool TryBuildRoute(
        VirtualHost virtualHost,
        Route route,
        string field,
        [NotNullWhen(true)] out RouteEntry? entry,
        [NotNullWhen(false)] out string? error)
    {
        entry = null;
        if (route.ActionCase != Route.ActionOneofCase.Route_)
        {
            error = $"{field} has no route action; only forwarding routes are supported.";
            return false;
        }

        var matcher = RouteMatcher.Compile(route.Match, $"{field}.match", out error);
        if (matcher is null)
        {
            error ??= $"{field}.match does not compile.";
            return false;
        }

        var action = route.Route_;
        if (!TryBuildDestinations(action, $"{field}.route", out var clusters, out error))
        {
            return false;
        }

        if (!TryBuildFilterPolicies(virtualHost, route, field, out var fault, out var rateLimit, out error))
        {
            return false;
        }

        var retry = action.RetryPolicy ?? virtualHost.RetryPolicy;
        entry = new RouteEntry(
            route.Name.Length > 0 ? route.Name : field,
            matcher,
            clusters,
            action.Timeout?.ToTimeSpan(),
            action.MaxStreamDuration?.MaxStreamDuration_?.ToTimeSpan(),
            retry is null ? null : RouteRetryPolicy.From(retry),
            HashHeaderName(action),
            fault,
            rateLimit);
        return true;
    }

    // The fault and local rate limit filters' per-route config, the route's overriding its virtual host's as in Envoy.
    private bool TryBuildFilterPolicies(
        VirtualHost virtualHost,
        Route route,
        string field,
        out FaultPolicy? fault,
        out LocalRateLimitPolicy? rateLimit,
        [NotNullWhen(false)] out string? error)
    {
        fault = null;
        rateLimit = null;
        error = null;
        if (Find<HTTPFault>(route.TypedPerFilterConfig, virtualHost.TypedPerFilterConfig, out var faultFrom) is { } faultConfig)
        {
            fault = FaultPolicy.Compile(faultConfig, $"{FieldOf(faultFrom, field)}[envoy.filters.http.fault]", out error);
            if (fault is null)
            {
                error ??= $"{field} has a fault config that does not compile.";
                return false;
            }
        }

        if (Find<LocalRateLimit>(route.TypedPerFilterConfig, virtualHost.TypedPerFilterConfig, out var limitFrom) is { } limitConfig)
        {
            rateLimit = !limitFrom && _hostLimits.TryGetValue(virtualHost, out var shared)
                ? shared
                : LocalRateLimitPolicy.Compile(limitConfig, _time, $"{FieldOf(limitFrom, field)}[envoy.filters.http.local_ratelimit]", out error);
            if (rateLimit is not null && !limitFrom)
            {
                _hostLimits[virtualHost] = rateLimit;
            }

            if (rateLimit is null)
            {
                error ??= $"{field} has a local rate limit config that does not compile.";
                return false;
            }
        }

        return true;
    }

    private static string FieldOf(bool fromRoute, string routeField) =>
        fromRoute ? $"{routeField}.typed_per_filter_config" : $"{routeField} (virtual host typed_per_filter_config)";

    private static T? Find<T>(MapField<string, Any> routeConfig, MapField<string, Any> hostConfig, out bool fromRoute)
        where T : class, Google.Protobuf.IMessage, new()
    {
        fromRoute = true;
        foreach (var config in routeConfig.Values)
        {
            if (config.TryUnpack<T>(out var found))
            {
                return found;
            }
        }

        fromRoute = false;
        foreach (var config in hostConfig.Values)
        {
            if (config.TryUnpack<T>(out var found))
            {
                return found;
            }
        }

        return null;
    }

    private bool TryBuildDestinations(
        RouteAction action,
        string field,
        [NotNullWhen(true)] out WeightedClusterPicker? picker,
        [NotNullWhen(false)] out string? error)
    {
        picker = null;
        var destinations = ImmutableArray.CreateBuilder<(ClusterState Cluster, uint Weight)>();
        switch (action.ClusterSpecifierCase)
        {
            case RouteAction.ClusterSpecifierOneofCase.Cluster:
                if (!_clusters(action.Cluster, out var single, out error))
                {
                    return false;
                }

                destinations.Add((single, 1));
                break;
            case RouteAction.ClusterSpecifierOneofCase.WeightedClusters:
                foreach (var weighted in action.WeightedClusters.Clusters)
                {
                    if (!_clusters(weighted.Name, out var cluster, out error))
                    {
                        return false;
                    }

                    destinations.Add((cluster, weighted.Weight ?? 0));
                }

                break;
            default:
                error = $"{field} names neither cluster nor weighted_clusters.";
                return false;
        }

        var total = 0UL;
        foreach (var destination in destinations)
        {
            total += destination.Weight;
        }

        if (total == 0)
        {
            error = $"{field}.weighted_clusters has no cluster with a positive weight.";
            return false;
        }

        picker = new WeightedClusterPicker(destinations.ToImmutable(), _random);
        error = null;
        return true;
    }

    private static string? HashHeaderName(RouteAction action)
    {
        foreach (var policy in action.HashPolicy)
        {
            if (policy.PolicySpecifierCase == RouteAction.Types.HashPolicy.PolicySpecifierOneofCase.Header)
            {
                return policy.Header.HeaderName;
            }
        }

        return null;
    }
}
