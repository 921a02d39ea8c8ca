using BenchmarkDotNet.Attributes;
using Mesh.Bench.Micro;

namespace Mesh.Bench.Sdk;

/// <summary>
/// The steps <c>MeshHttpHandler.SendRoutedAsync</c> takes besides routing, each alone, to show where the
/// handler's per-call allocations come from: the rewritten request URI and the <c>Host</c> header it sets
/// and clears.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class HandlerStepBenchmarks : IDisposable
{
    private readonly Uri _original = new("http://catalog/items/42");
    private readonly HttpRequestMessage _request = new(HttpMethod.Get, "http://catalog/items/42");

    [Benchmark(Description = "rewrite URI (string.Concat + new Uri)")]
    public Uri RewriteUri() =>
        new(string.Concat(_original.Scheme, Uri.SchemeDelimiter, "127.0.0.1:5101", _original.PathAndQuery));

    [Benchmark(Description = "set and clear Host header")]
    public string? SetAndClearHost()
    {
        _request.Headers.Host = _original.IsDefaultPort ? _original.IdnHost : _original.Authority;
        var host = _request.Headers.Host;
        _request.Headers.Host = null;
        return host;
    }

    [Benchmark(Description = "add and remove Host without validation")]
    public bool AddAndRemoveHostWithoutValidation()
    {
        _request.Headers.TryAddWithoutValidation("Host", _original.IsDefaultPort ? _original.IdnHost : _original.Authority);
        return _request.Headers.Remove("Host");
    }

    [Benchmark(Description = "read PathAndQuery")]
    public string PathAndQuery() => _original.PathAndQuery;

    public void Dispose()
    {
        _request.Dispose();
        GC.SuppressFinalize(this);
    }
}
