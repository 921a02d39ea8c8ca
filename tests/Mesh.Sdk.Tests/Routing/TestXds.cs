using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Xds;
using Route = Envoy.Config.Route.V3.Route;
using Endpoint = Envoy.Config.Endpoint.V3.Endpoint;

namespace Mesh.Sdk.Tests.Routing;

/// <summary>
/// Builds xDS resources shaped as mesh-cp's translator emits them (three listeners per default-namespace
/// service, an RDS route configuration named <c>name.namespace</c>, EDS clusters with assignments).
/// </summary>
internal static class TestXds
{
    public const string Namespace = "default";

    /// <summary>A service with listeners, a route configuration of <paramref name="routes"/> (default: everything to <c>name.default</c>), and no clusters.</summary>
    public static XdsResources WithService(this XdsResources resources, string name, params Route[] routes)
    {
        var qualified = $"{name}.{Namespace}";
        string[] hosts = [name, qualified, $"{qualified}.svc.cluster.local"];
        var virtualHost = new VirtualHost { Name = qualified };
        foreach (var host in hosts)
        {
            virtualHost.Domains.Add(host);
            virtualHost.Domains.Add($"{host}:8080");
        }

        virtualHost.Routes.AddRange(routes.Length > 0 ? routes : [Route("default", Prefix("/"), qualified)]);
        var configuration = new RouteConfiguration { Name = qualified };
        configuration.VirtualHosts.Add(virtualHost);

        var listeners = resources.Listeners;
        foreach (var host in hosts)
        {
            listeners = listeners.SetItem(host, Listener(host, qualified));
        }

        return resources with { Listeners = listeners, Routes = resources.Routes.SetItem(qualified, configuration) };
    }

    /// <summary>A cluster and its load assignment.</summary>
    public static XdsResources WithCluster(
        this XdsResources resources,
        string name,
        Cluster.Types.LbPolicy policy,
        params LocalityLbEndpoints[] localities) =>
        resources.WithCluster(Cluster(name, policy), Assignment(name, localities));

    public static XdsResources WithCluster(this XdsResources resources, Cluster cluster, ClusterLoadAssignment assignment) =>
        resources with
        {
            Clusters = resources.Clusters.SetItem(cluster.Name, cluster),
            Endpoints = resources.Endpoints.SetItem(assignment.ClusterName, assignment),
        };

    public static Listener Listener(string name, string routeConfiguration)
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = name,
            Rds = new Rds { RouteConfigName = routeConfiguration, ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource() } },
        };
        manager.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) });
        return new Listener { Name = name, ApiListener = new ApiListener { ApiListener_ = Any.Pack(manager) } };
    }

    public static Cluster Cluster(string name, Cluster.Types.LbPolicy policy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin, bool localityWeighted = false)
    {
        var cluster = new Cluster
        {
            Name = name,
            Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig
            {
                EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource() },
                ServiceName = name,
            },
            LbPolicy = policy,
        };
        switch (policy)
        {
            case Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RingHash:
                cluster.RingHashLbConfig = new Cluster.Types.RingHashLbConfig { MinimumRingSize = 1024, MaximumRingSize = 8_388_608 };
                break;
            case Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.LeastRequest:
                cluster.LeastRequestLbConfig = new Cluster.Types.LeastRequestLbConfig { ChoiceCount = 2 };
                break;
        }

        if (localityWeighted)
        {
            cluster.CommonLbConfig = new Cluster.Types.CommonLbConfig
            {
                LocalityWeightedLbConfig = new Cluster.Types.CommonLbConfig.Types.LocalityWeightedLbConfig(),
            };
        }

        return cluster;
    }

    public static ClusterLoadAssignment Assignment(string cluster, params LocalityLbEndpoints[] localities)
    {
        var assignment = new ClusterLoadAssignment { ClusterName = cluster };
        assignment.Endpoints.AddRange(localities);
        return assignment;
    }

    /// <summary>Endpoints of one zone of region <c>eu</c>; the locality weight defaults to the sum of endpoint weights, as mesh-cp sets it.</summary>
    public static LocalityLbEndpoints Zone(string zone, params LbEndpoint[] endpoints) => Zone(zone, null, endpoints);

    public static LocalityLbEndpoints Zone(string zone, uint? weight, params LbEndpoint[] endpoints)
    {
        var locality = new LocalityLbEndpoints { Locality = new Locality { Region = "eu", Zone = zone } };
        locality.LbEndpoints.AddRange(endpoints);
        locality.LoadBalancingWeight = weight ?? (uint)endpoints.Sum(endpoint => endpoint.LoadBalancingWeight ?? 1);
        return locality;
    }

    public static LbEndpoint Endpoint(string host, int port = 8080, uint weight = 1, HealthStatus health = HealthStatus.Healthy) => new()
    {
        Endpoint = new Endpoint
        {
            Address = new Address { SocketAddress = new SocketAddress { Address = host, PortValue = (uint)port } },
        },
        HealthStatus = health,
        LoadBalancingWeight = weight,
    };

    public static Route Route(string name, RouteMatch match, string cluster) =>
        new() { Name = name, Match = match, Route_ = new RouteAction { Cluster = cluster } };

    public static Route Split(string name, RouteMatch match, params (string Cluster, uint Weight)[] destinations)
    {
        var weighted = new WeightedCluster();
        foreach (var (cluster, weight) in destinations)
        {
            weighted.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = cluster, Weight = weight });
        }

        weighted.TotalWeight = (uint)destinations.Sum(destination => destination.Weight);
        return new Route { Name = name, Match = match, Route_ = new RouteAction { WeightedClusters = weighted } };
    }

    public static RouteMatch Prefix(string prefix, params HeaderMatcher[] headers) => WithHeaders(new RouteMatch { Prefix = prefix }, headers);

    public static RouteMatch Path(string path, params HeaderMatcher[] headers) => WithHeaders(new RouteMatch { Path = path }, headers);

    public static RouteMatch Regex(string regex, params HeaderMatcher[] headers) =>
        WithHeaders(new RouteMatch { SafeRegex = new RegexMatcher { Regex = regex } }, headers);

    public static HeaderMatcher Exact(string header, string value) => new() { Name = header, StringMatch = new StringMatcher { Exact = value } };

    public static HeaderMatcher HeaderPrefix(string header, string value) => new() { Name = header, StringMatch = new StringMatcher { Prefix = value } };

    public static HeaderMatcher HeaderRegex(string header, string regex) =>
        new() { Name = header, StringMatch = new StringMatcher { SafeRegex = new RegexMatcher { Regex = regex } } };

    public static HeaderMatcher Present(string header, bool present = true) => new() { Name = header, PresentMatch = present };

    public static HttpRequestMessage Request(string uri, HttpMethod? method = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, uri);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Counts how often each item comes up.</summary>
    public static Dictionary<T, int> Tally<T>(int count, Func<T> draw)
        where T : notnull
    {
        var tally = new Dictionary<T, int>();
        for (var i = 0; i < count; i++)
        {
            var item = draw();
            tally[item] = tally.GetValueOrDefault(item) + 1;
        }

        return tally;
    }

    private static RouteMatch WithHeaders(RouteMatch match, HeaderMatcher[] headers)
    {
        match.Headers.AddRange(headers);
        return match;
    }
}
