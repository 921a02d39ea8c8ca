using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Xds;
using Microsoft.Extensions.Configuration;
using Endpoint = Envoy.Config.Endpoint.V3.Endpoint;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// Turns static configuration into the xDS resources a control plane would send, so that the one routing
/// path serves both modes. Two sources, as Microsoft.Extensions.ServiceDiscovery and Aspire spell them:
/// <c>Services:catalog:http:0 = http://127.0.0.1:5101</c> (env <c>services__catalog__http__0</c>) and
/// <c>Mesh:Services:catalog:Endpoints:0 = 127.0.0.1:5101</c> with an optional
/// <c>Mesh:Services:catalog:LoadBalancer = least_request</c>. Each service answers to <c>catalog</c>,
/// <c>catalog.default</c> and <c>catalog.default.svc.cluster.local</c>.
/// </summary>
internal static class StaticResources
{
    /// <summary>Builds the resources; throws naming the configuration key of an endpoint or policy it cannot read.</summary>
    public static XdsResources Build(IConfiguration configuration, string meshNamespace)
    {
        var services = new SortedDictionary<string, StaticService>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in configuration.GetSection("Services").GetChildren())
        {
            foreach (var endpointName in service.GetChildren())
            {
                foreach (var endpoint in endpointName.GetChildren())
                {
                    Get(services, service.Key).Endpoints.Add(ParseEndpoint(endpoint));
                }
            }
        }

        foreach (var service in configuration.GetSection($"{MeshClientOptions.SectionName}:Services").GetChildren())
        {
            var entry = Get(services, service.Key);
            foreach (var endpoint in service.GetSection("Endpoints").GetChildren())
            {
                entry.Endpoints.Add(ParseEndpoint(endpoint));
            }

            if (service["LoadBalancer"] is { } policy)
            {
                entry.Policy = ParsePolicy(policy, service.GetSection("LoadBalancer").Path);
            }
        }

        var listeners = ImmutableDictionary.CreateBuilder<string, Listener>(StringComparer.Ordinal);
        var clusters = ImmutableDictionary.CreateBuilder<string, Cluster>(StringComparer.Ordinal);
        var endpoints = ImmutableDictionary.CreateBuilder<string, ClusterLoadAssignment>(StringComparer.Ordinal);
        foreach (var (name, service) in services)
        {
            if (service.Endpoints.Count == 0)
            {
                continue;
            }

            var serviceName = name.ToLowerInvariant();
            var qualified = $"{serviceName}.{meshNamespace}";
            string[] hosts = [serviceName, qualified, $"{qualified}.svc.cluster.local"];
            var routes = RouteConfiguration(qualified, hosts);
            foreach (var host in hosts)
            {
                listeners[host] = Listener(host, routes);
            }

            clusters[qualified] = Cluster(qualified, service.Policy);
            endpoints[qualified] = Assignment(qualified, service.Endpoints);
        }

        return XdsResources.Empty with
        {
            Listeners = listeners.ToImmutable(),
            Clusters = clusters.ToImmutable(),
            Endpoints = endpoints.ToImmutable(),
        };
    }

    private static StaticService Get(SortedDictionary<string, StaticService> services, string name)
    {
        if (!services.TryGetValue(name, out var service))
        {
            service = new StaticService();
            services[name] = service;
        }

        return service;
    }

    // Aspire writes "http://host:port"; people write "host:port". Either names one endpoint.
    private static SocketAddress ParseEndpoint(IConfigurationSection section)
    {
        var value = section.Value?.Trim() ?? string.Empty;
        var text = value.Contains("://", StringComparison.Ordinal) ? value : "tcp://" + value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Port <= 0)
        {
            throw new InvalidOperationException(
                $"Configuration '{section.Path}' = '{value}' is not an endpoint: write 'http://host:port' or 'host:port'.");
        }

        return new SocketAddress { Address = uri.Host.Trim('[', ']'), PortValue = (uint)uri.Port };
    }

    private static Cluster.Types.LbPolicy ParsePolicy(string value, string path) => value switch
    {
        LoadBalancingPolicies.RoundRobin => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin,
        LoadBalancingPolicies.LeastRequest => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.LeastRequest,
        LoadBalancingPolicies.RingHash => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RingHash,
        LoadBalancingPolicies.Random => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.Random,
        _ => throw new InvalidOperationException(
            $"Configuration '{path}' = '{value}' is not a load balancer: use round_robin, least_request, ring_hash or random."),
    };

    private static RouteConfiguration RouteConfiguration(string qualified, string[] hosts)
    {
        var virtualHost = new VirtualHost { Name = qualified };
        virtualHost.Domains.Add(hosts);
        virtualHost.Routes.Add(new Route
        {
            Name = qualified,
            Match = new RouteMatch { Prefix = "/" },
            Route_ = new RouteAction { Cluster = qualified },
        });
        var configuration = new RouteConfiguration { Name = qualified };
        configuration.VirtualHosts.Add(virtualHost);
        return configuration;
    }

    private static Listener Listener(string host, RouteConfiguration routes)
    {
        var manager = new HttpConnectionManager { StatPrefix = routes.Name, RouteConfig = routes };
        manager.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) });
        return new Listener { Name = host, ApiListener = new ApiListener { ApiListener_ = Any.Pack(manager) } };
    }

    private static Cluster Cluster(string name, Cluster.Types.LbPolicy policy) => new()
    {
        Name = name,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { ServiceName = name },
        LbPolicy = policy,
    };

    private static ClusterLoadAssignment Assignment(string name, List<SocketAddress> addresses)
    {
        var locality = new LocalityLbEndpoints
        {
            Locality = new Locality(),
            LoadBalancingWeight = (uint)addresses.Count,
        };
        foreach (var address in addresses)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Endpoint { Address = new Address { SocketAddress = address } },
                HealthStatus = HealthStatus.Healthy,
                LoadBalancingWeight = 1,
            });
        }

        var assignment = new ClusterLoadAssignment { ClusterName = name };
        assignment.Endpoints.Add(locality);
        return assignment;
    }

    private sealed class StaticService
    {
        public List<SocketAddress> Endpoints { get; } = [];

        public Cluster.Types.LbPolicy Policy { get; set; } = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin;
    }
}
