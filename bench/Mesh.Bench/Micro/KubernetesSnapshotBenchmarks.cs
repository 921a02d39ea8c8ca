using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Sources.Kubernetes;
using Mesh.Testing.Kubernetes;

namespace Mesh.Bench.Micro;

/// <summary>
/// What one cluster change costs mesh-cp's Kubernetes source before translation: rebuilding and versioning
/// the snapshot of 100 services, each with a route, a Service, two EndpointSlices of 10 endpoints and 20 pods.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class KubernetesSnapshotBenchmarks
{
    private const int ServiceCount = 100;
    private KubernetesSnapshotInput _input = null!;

    /// <summary>Builds the cluster's objects once; building them is not what is measured.</summary>
    [GlobalSetup]
    public void BuildCluster()
    {
        List<KubernetesObject> meshServices = [], routes = [], services = [], slices = [], pods = [];
        for (var s = 0; s < ServiceCount; s++)
        {
            var name = $"svc-{s:D3}";
            meshServices.Add(Read(KubernetesObjects.MeshService("shop", name)));
            routes.Add(Read(KubernetesObjects.Mesh("TrafficRoute", "shop", name, $$"""{"service":"{{name}}","rules":[{"destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":10}],"timeout":"2s"}]}""")));
            services.Add(Read(KubernetesObjects.Service("shop", name)));
            for (var slice = 0; slice < 2; slice++)
            {
                var endpoints = new SliceEndpoint[10];
                for (var e = 0; e < endpoints.Length; e++)
                {
                    var pod = $"{name}-{slice}-{e}";
                    pods.Add(Read(KubernetesObjects.Pod("shop", pod, slice == 0 ? "v1" : "v2")));
                    endpoints[e] = new SliceEndpoint($"10.{s / 250}.{s % 250}.{(slice * 10) + e + 1}", Zone: "us-east-1a", Pod: pod);
                }

                slices.Add(Read(KubernetesObjects.EndpointSlice("shop", $"{name}-{slice}", name, 8080, endpoints)));
            }
        }

        _input = new KubernetesSnapshotInput(
            ImmutableDictionary<string, ImmutableArray<KubernetesObject>>.Empty
                .Add("MeshService", [.. meshServices])
                .Add("TrafficRoute", [.. routes]),
            [.. services],
            [.. slices],
            [.. pods]);
    }

    /// <summary>Bind, resolve endpoints, validate and assemble the whole snapshot, then hash it into its version.</summary>
    /// <returns>The version, so the work is not optimised away.</returns>
    [Benchmark]
    public string RebuildAndVersion()
    {
        var snapshot = KubernetesSnapshotBuilder.Build("production", _input);
        return ConfigVersion.Compute(snapshot.LoadResult.Config!);
    }

    private static KubernetesObject Read(JsonObject body) => KubernetesObject.From(JsonSerializer.SerializeToElement(body))!;
}
