using BenchmarkDotNet.Attributes;
using Mesh.Bench.Micro;
using Mesh.Sdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Bench.Sdk;

/// <summary>
/// What <see cref="MeshHttpHandler"/> adds to one call: the same request sent to a terminal handler that
/// answers from memory, directly and through the mesh handler (static config, round robin over one
/// endpoint). The difference is the handler's own time and allocations; a host outside the mesh shows the
/// pass-through cost.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class HandlerBenchmarks : IDisposable
{
    private ServiceProvider _services = null!;
    private CachedResponseHandler _terminal = null!;
    private HttpMessageInvoker _direct = null!;
    private HttpMessageInvoker _mesh = null!;
    private HttpRequestMessage _meshRequest = null!;
    private HttpRequestMessage _plainRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = StaticMeshServices.Build("http://127.0.0.1:5101", mesh: true);
        _terminal = new CachedResponseHandler();
        _direct = new HttpMessageInvoker(_terminal, disposeHandler: false);
        _mesh = new HttpMessageInvoker(MeshHttpHandler.Create(_services, _terminal), disposeHandler: false);
        _meshRequest = new HttpRequestMessage(HttpMethod.Get, "http://catalog/items/42");
        _plainRequest = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:5101/items/42");
        _mesh.SendAsync(_meshRequest, CancellationToken.None).GetAwaiter().GetResult();
        if (_terminal.LastAuthority != "127.0.0.1:5101" || _meshRequest.RequestUri!.Host != "catalog")
        {
            throw new InvalidOperationException($"The mesh handler sent to '{_terminal.LastAuthority}', expected 127.0.0.1:5101.");
        }
    }

    [Benchmark(Baseline = true, Description = "terminal handler alone")]
    public Task<HttpResponseMessage> Direct() => _direct.SendAsync(_plainRequest, CancellationToken.None);

    [Benchmark(Description = "mesh handler, http://catalog/ routed")]
    public Task<HttpResponseMessage> MeshRouted() => _mesh.SendAsync(_meshRequest, CancellationToken.None);

    [Benchmark(Description = "mesh handler, http://127.0.0.1/ passed through")]
    public Task<HttpResponseMessage> MeshPassThrough() => _mesh.SendAsync(_plainRequest, CancellationToken.None);

    public void Dispose()
    {
        _direct?.Dispose();
        _mesh?.Dispose();
        _terminal?.Dispose();
        _meshRequest?.Dispose();
        _plainRequest?.Dispose();
        _services?.Dispose();
        GC.SuppressFinalize(this);
    }
}
