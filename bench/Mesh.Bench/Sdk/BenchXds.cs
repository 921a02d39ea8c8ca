using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using Endpoint = Envoy.Config.Endpoint.V3.Endpoint;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;
using Route = Envoy.Config.Route.V3.Route;

namespace Mesh.Bench.Sdk;

/// <summary>
/// Service <c>catalog</c> shaped as mesh-cp sends it (three listeners, RDS routes, EDS clusters), with the
/// routes a real service has: an exact path, a canary matched on path prefix, a header and <c>:method</c>,
/// and a 90/10 weighted default hashed on <c>x-user</c>. Subsets v1 and v2 have ten endpoints each.
/// </summary>
internal static class BenchXds
{
    public const string V1 = "catalog.default|v1";
    public const string V2 = "catalog.default|v2";

    public static RoutingTable BuildTable(LbPolicy policy)
    {
        var canary = new RouteMatch { Prefix = "/api/" };
        canary.Headers.Add(Exact("x-canary", "on"));
        canary.Headers.Add(Exact(":method", "GET"));
        var split = new WeightedCluster { TotalWeight = 100 };
        split.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = V1, Weight = 90 });
        split.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = V2, Weight = 10 });
        var weighted = new RouteAction { WeightedClusters = split };
        weighted.HashPolicy.Add(new RouteAction.Types.HashPolicy { Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = "x-user" } });

        var virtualHost = new VirtualHost { Name = "catalog.default" };
        virtualHost.Domains.Add(["catalog", "catalog.default", "catalog.default.svc.cluster.local"]);
        virtualHost.Routes.Add(new Route { Name = "orders", Match = new RouteMatch { Path = "/orders" }, Route_ = new RouteAction { Cluster = V1 } });
        virtualHost.Routes.Add(new Route { Name = "canary", Match = canary, Route_ = new RouteAction { Cluster = V2 } });
        virtualHost.Routes.Add(new Route { Name = "default", Match = new RouteMatch { Prefix = "/" }, Route_ = weighted });
        var routes = new RouteConfiguration { Name = "catalog.default" };
        routes.VirtualHosts.Add(virtualHost);

        var resources = XdsResources.Empty with
        {
            Listeners = XdsResources.Empty.Listeners
                .Add("catalog", Listener("catalog"))
                .Add("catalog.default", Listener("catalog.default"))
                .Add("catalog.default.svc.cluster.local", Listener("catalog.default.svc.cluster.local")),
            Routes = XdsResources.Empty.Routes.Add(routes.Name, routes),
            Clusters = XdsResources.Empty.Clusters.Add(V1, Cluster(V1, policy)).Add(V2, Cluster(V2, policy)),
            Endpoints = XdsResources.Empty.Endpoints.Add(V1, Assignment(V1, 1)).Add(V2, Assignment(V2, 2)),
        };
        var table = RoutingTable.Build(resources, null, LocalityPreferenceOptions.None);
        return table.Problems.IsEmpty
            ? table
            : throw new InvalidOperationException($"The benchmark's routing table is incomplete: {string.Join(' ', table.Problems)}");
    }

    private static HeaderMatcher Exact(string name, string value) => new() { Name = name, StringMatch = new StringMatcher { Exact = value } };

    private static Listener Listener(string name)
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = name,
            Rds = new Rds { RouteConfigName = "catalog.default", ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource() } },
        };
        manager.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) });
        return new Listener { Name = name, ApiListener = new ApiListener { ApiListener_ = Any.Pack(manager) } };
    }

    private static Cluster Cluster(string name, LbPolicy policy) => new()
    {
        Name = name,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource() }, ServiceName = name },
        LbPolicy = policy,
    };

    private static ClusterLoadAssignment Assignment(string cluster, int subnet)
    {
        var zone = new LocalityLbEndpoints { Locality = new Locality { Region = "eu", Zone = "a" }, LoadBalancingWeight = 10 };
        for (var i = 1; i <= 10; i++)
        {
            zone.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Endpoint { Address = new Address { SocketAddress = new SocketAddress { Address = $"10.0.{subnet}.{i}", PortValue = 8080 } } },
                HealthStatus = HealthStatus.Healthy,
                LoadBalancingWeight = 1,
            });
        }

        var assignment = new ClusterLoadAssignment { ClusterName = cluster };
        assignment.Endpoints.Add(zone);
        return assignment;
    }
}
