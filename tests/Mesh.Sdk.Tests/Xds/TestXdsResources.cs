using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Endpoint = Envoy.Config.Endpoint.V3.Endpoint;
using Route = Envoy.Config.Route.V3.Route;

namespace Mesh.Sdk.Tests.Xds;

/// <summary>Valid xDS resources shaped like mesh-cp's, for tests that serve or validate them directly.</summary>
internal static class TestXdsResources
{
    public static Listener Listener(string name, string routeConfigName)
    {
        var manager = new HttpConnectionManager
        {
            Rds = new Rds { RouteConfigName = routeConfigName, ConfigSource = Ads() },
        };
        manager.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) });
        return new Listener { Name = name, ApiListener = new ApiListener { ApiListener_ = Any.Pack(manager) } };
    }

    public static Listener ListenerWith(string name, Action<HttpConnectionManager> change)
    {
        var listener = Listener(name, name);
        var manager = HttpConnectionManager.Parser.ParseFrom(listener.ApiListener.ApiListener_.Value);
        change(manager);
        listener.ApiListener.ApiListener_ = Any.Pack(manager);
        return listener;
    }

    public static RouteConfiguration Route(string name, params (string Cluster, uint Weight)[] clusters)
    {
        var action = new RouteAction();
        if (clusters.Length == 1)
        {
            action.Cluster = clusters[0].Cluster;
        }
        else
        {
            action.WeightedClusters = new WeightedCluster();
            foreach (var (cluster, weight) in clusters)
            {
                action.WeightedClusters.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = cluster, Weight = weight });
            }
        }

        var host = new VirtualHost { Name = name };
        host.Domains.Add(name);
        host.Routes.Add(new Route { Match = new RouteMatch { Prefix = "/" }, Route_ = action });
        var configuration = new RouteConfiguration { Name = name };
        configuration.VirtualHosts.Add(host);
        return configuration;
    }

    public static Cluster Cluster(string name, Cluster.Types.LbPolicy lbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin) => new()
    {
        Name = name,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Ads(), ServiceName = name },
        LbPolicy = lbPolicy,
    };

    public static ClusterLoadAssignment Assignment(string clusterName, params int[] ports)
    {
        var locality = new LocalityLbEndpoints { Locality = new Locality { Region = "r1" }, LoadBalancingWeight = (uint)ports.Length };
        foreach (var port in ports)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Endpoint { Address = new Address { SocketAddress = new SocketAddress { Address = "127.0.0.1", PortValue = (uint)port } } },
                LoadBalancingWeight = 1,
            });
        }

        var assignment = new ClusterLoadAssignment { ClusterName = clusterName };
        assignment.Endpoints.Add(locality);
        return assignment;
    }

    private static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource() };
}
