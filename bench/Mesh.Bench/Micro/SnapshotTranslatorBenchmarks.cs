using BenchmarkDotNet.Attributes;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;

namespace Mesh.Bench.Micro;

/// <summary>
/// What one config change costs mesh-cp before it can push: translating a 50-service snapshot into
/// xDS resources, once per kind of client it serves.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class SnapshotTranslatorBenchmarks
{
    private readonly SnapshotTranslator _translator = new();
    private MeshConfig _config = MeshConfig.Empty;

    /// <summary>Loads the 50-service config once; loading is not what is measured.</summary>
    [GlobalSetup]
    public void LoadConfig() => _config = FiftyServiceConfig.Load();

    /// <summary>Translation for gRPC proxyless clients (the profile that degrades unsupported fields).</summary>
    /// <returns>The resource set, so the work is not optimised away.</returns>
    [Benchmark(Baseline = true)]
    public object TranslateForGrpcProxyless() => _translator.Translate(_config, ClientKind.GrpcProxyless);

    /// <summary>Translation for the Mesh .NET SDK, which receives every field.</summary>
    /// <returns>The resource set, so the work is not optimised away.</returns>
    [Benchmark]
    public object TranslateForMeshSdk() => _translator.Translate(_config, ClientKind.MeshSdk);
}
