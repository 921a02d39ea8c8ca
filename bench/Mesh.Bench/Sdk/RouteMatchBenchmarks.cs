using BenchmarkDotNet.Attributes;
using Mesh.Bench.Micro;
using Mesh.Sdk.Routing;
using LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy;

namespace Mesh.Bench.Sdk;

/// <summary>
/// The routing steps before a pick, each on its own: host → service lookup, first-match over three routes
/// (the request fails an exact path, then matches path prefix + header + <c>:method</c>), and the 90/10
/// weighted cluster draw.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class RouteMatchBenchmarks : IDisposable
{
    private RoutingTable _table = null!;
    private ServiceRoute _service = null!;
    private RouteEntry _weighted = null!;
    private HttpRequestMessage _canary = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = BenchXds.BuildTable(LbPolicy.RoundRobin);
        _service = _table.Services["catalog"];
        _canary = new HttpRequestMessage(HttpMethod.Get, "http://catalog.default:8080/api/items/42?page=1");
        _canary.Headers.TryAddWithoutValidation("x-canary", "on");
        _weighted = _service.Routes[^1];
        if (_service.Match(_canary)?.Name != "canary")
        {
            throw new InvalidOperationException("The canary request must match the canary route.");
        }
    }

    [Benchmark(Description = "host lookup (catalog.default:8080)")]
    public object? HostLookup() => _table.TryGetService("catalog.default:8080", out var service) ? service : null;

    [Benchmark(Description = "route match (path, header, :method)")]
    public object? RouteMatch() => _service.Match(_canary);

    [Benchmark(Description = "weighted cluster pick (90/10)")]
    public object WeightedClusterPick() => _weighted.PickCluster();

    public void Dispose()
    {
        _canary?.Dispose();
        GC.SuppressFinalize(this);
    }
}
