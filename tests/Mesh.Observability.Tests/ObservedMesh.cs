using Mesh.Testing;

namespace Mesh.Observability.Tests;

/// <summary>
/// A small shop for a test class: a real mesh-cp serving <c>catalog</c> (v1 fast, v2 taking 150 ms) and
/// <c>basket</c>, each on real Kestrel upstreams. Requests with <c>x-v2</c> go to catalog v2, requests with
/// <c>x-fail</c> get an injected 503 from v1's route, the rest split <paramref name="v1Weight"/> to <paramref name="v2Weight"/>.
/// </summary>
public abstract class ObservedMesh(int v1Weight, int v2Weight) : IAsyncLifetime
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(150);

    private readonly string _configDirectory = Directory.CreateTempSubdirectory("mesh-observability-cp-").FullName;
    private readonly List<IAsyncDisposable> _owned = [];

    internal ControlPlaneProcess ControlPlane { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var v1 = await Own(Upstream.StartAsync("catalog-v1"));
        var v2 = await Own(Upstream.StartAsync("catalog-v2", SlowDelay));
        var basket = await Own(Upstream.StartAsync("basket"));
        File.WriteAllText(Path.Combine(_configDirectory, "shop.yaml"), $$"""
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: catalog }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              subsets:
                - { name: v1, labels: { version: v1 } }
                - { name: v2, labels: { version: v2 } }
              endpoints:
                - { address: "{{v1.Address}}", labels: { version: v1 } }
                - { address: "{{v2.Address}}", labels: { version: v2 } }
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              service: catalog
              rules:
                - match: { headers: { x-v2: { present: true } } }
                  destinations: [{ subset: v2, weight: 100 }]
                - match: { headers: { x-fail: { present: true } } }
                  destinations: [{ subset: v1, weight: 100 }]
                  fault: { abort: { percent: 100, httpStatus: 503 } }
                - destinations: [{ subset: v1, weight: {{v1Weight}} }, { subset: v2, weight: {{v2Weight}} }]
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: basket }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              endpoints: [{ address: "{{basket.Address}}" }]

            """);
        ControlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
    }

    /// <summary>A service calling through the mesh as <paramref name="name"/>; disposed with the fixture.</summary>
    internal MeshCaller Caller(string name)
    {
        var caller = MeshCaller.Create(name, ControlPlane.XdsAddress);
        _owned.Add(caller);
        return caller;
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var owned in Enumerable.Reverse(_owned))
            {
                await owned.DisposeAsync();
            }
        }
        finally
        {
            // mesh-cp is a child process: it must stop even when something above failed to.
            await ControlPlane.DisposeAsync();
            Directory.Delete(_configDirectory, recursive: true);
        }
    }

    private async Task<T> Own<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var started = await starting;
        _owned.Add(started);
        return started;
    }
}

/// <summary>The shop with every unmatched catalog call on v1.</summary>
public sealed class StableMesh() : ObservedMesh(100, 0);

/// <summary>The shop with a catalog canary taking 20 % of unmatched calls.</summary>
public sealed class CanaryMesh() : ObservedMesh(80, 20);
