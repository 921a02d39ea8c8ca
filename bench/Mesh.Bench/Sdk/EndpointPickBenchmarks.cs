using BenchmarkDotNet.Attributes;
using Mesh.Bench.Micro;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;

namespace Mesh.Bench.Sdk;

/// <summary>
/// An endpoint pick from a ten-endpoint cluster per policy, and the whole routing decision the handler makes
/// per call: lookup, match, weighted cluster, request hash, endpoint pick, in-flight count up and down.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class EndpointPickBenchmarks : IDisposable
{
    private RoutingTable _table = null!;
    private ClusterState _cluster = null!;
    private HttpRequestMessage _request = null!;
    private PickContext _context;

    [Params(LbPolicy.RoundRobin, LbPolicy.LeastRequest, LbPolicy.RingHash, LbPolicy.Random)]
    public LbPolicy Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = BenchXds.BuildTable(Policy);
        _cluster = _table.Clusters[BenchXds.V1];
        _request = new HttpRequestMessage(HttpMethod.Get, "http://catalog/items/42");
        _request.Headers.TryAddWithoutValidation("x-user", "alice");
        _context = new PickContext(_table.Services["catalog"].Match(_request)!.HashRequest(_request));
    }

    [Benchmark(Description = "endpoint pick")]
    public object? EndpointPick() => _cluster.Pick(_context);

    [Benchmark(Description = "lookup + match + cluster + pick")]
    public object? WholeRoute()
    {
        if (!_table.TryGetService("catalog", out var service) || service.Match(_request) is not { } route)
        {
            return null;
        }

        var endpoint = route.PickCluster().Pick(new PickContext(route.HashRequest(_request)));
        endpoint?.BeginRequest();
        endpoint?.EndRequest();
        return endpoint;
    }

    public void Dispose()
    {
        _request?.Dispose();
        GC.SuppressFinalize(this);
    }
}
