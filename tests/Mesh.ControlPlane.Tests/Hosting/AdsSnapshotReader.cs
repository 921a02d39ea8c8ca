using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Mesh.Xds;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Hosting;

/// <summary>Reads everything a control plane serves over a real ADS stream: every listener and cluster (wildcard), then their routes and endpoints.</summary>
internal static class AdsSnapshotReader
{
    private const string Listener = "type.googleapis.com/envoy.config.listener.v3.Listener";
    private const string Route = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    private const string Cluster = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    private const string Endpoints = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

    /// <summary>Per type URL, the response's version and serialized resources (nonces left out: they are per stream).</summary>
    public static async Task<SortedDictionary<string, (string Version, byte[][] Resources)>> ReadAsync(string xdsAddress, IEnumerable<string> routeNames)
    {
        using var channel = new GrpcClientChannel(new Uri($"http://{xdsAddress}"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var call = channel.DuplexStreaming(AdsMethods.StreamAggregatedResources, new CallOptions(CancellationToken: timeout.Token));
        var node = new Node { Id = "replica-check", Cluster = "web", Locality = new Locality { Region = "local", Zone = "local-a" } };
        var result = new SortedDictionary<string, (string, byte[][])>(StringComparer.Ordinal);
        await call.RequestStream.WriteAsync(new DiscoveryRequest { Node = node, TypeUrl = Listener }, timeout.Token);
        await call.RequestStream.WriteAsync(new DiscoveryRequest { TypeUrl = Cluster }, timeout.Token);
        var routes = new DiscoveryRequest { TypeUrl = Route };
        routes.ResourceNames.AddRange(routeNames);
        await call.RequestStream.WriteAsync(routes, timeout.Token);
        while (result.Count < 4 && await call.ResponseStream.MoveNext(timeout.Token))
        {
            var response = call.ResponseStream.Current;
            result[response.TypeUrl] = (response.VersionInfo, [.. response.Resources.Select(r => r.ToByteArray())]);
            if (response.TypeUrl == Cluster)
            {
                var endpoints = new DiscoveryRequest { TypeUrl = Endpoints };
                endpoints.ResourceNames.AddRange(response.Resources.Select(r => r.Unpack<Envoy.Config.Cluster.V3.Cluster>().Name));
                await call.RequestStream.WriteAsync(endpoints, timeout.Token);
            }
        }

        return result;
    }
}
