using System.Diagnostics;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Sources.Kubernetes;
using Mesh.ControlPlane.Tests.Discovery;
using Mesh.Testing.Kubernetes;

namespace Mesh.ControlPlane.Tests.Sources.Kubernetes;

/// <summary>A <see cref="KubernetesConfigSource"/> feeding a real <see cref="ConfigStore"/> from a <see cref="FakeKubernetesApi"/>.</summary>
internal sealed class KubernetesSourceRig : IAsyncDisposable
{
    private KubernetesSourceRig(FakeKubernetesApi api, KubernetesConfigSource source, ConfigStore store, RecordingLogger<KubernetesConfigSource> logger)
    {
        Api = api;
        Source = source;
        Store = store;
        Logger = logger;
    }

    public FakeKubernetesApi Api { get; }

    public KubernetesConfigSource Source { get; }

    public ConfigStore Store { get; }

    public RecordingLogger<KubernetesConfigSource> Logger { get; }

    public MeshConfig Config => Store.Current!.Config;

    /// <summary>Starts the fake API, lets <paramref name="seed"/> fill it, then starts the source and waits for its first snapshot.</summary>
    public static async Task<KubernetesSourceRig> StartAsync(Action<FakeKubernetesApi> seed, params string[] namespaces)
    {
        var api = await FakeKubernetesApi.StartAsync();
        seed(api);
        var store = new ConfigStore(TimeProvider.System);
        var logger = new RecordingLogger<KubernetesConfigSource>();
        var settings = new KubernetesSourceSettings(api.Url, null, null, [.. namespaces]);
        var source = new KubernetesConfigSource(settings, "test", store, TimeProvider.System, logger);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await source.StartAsync(timeout.Token));
        return new KubernetesSourceRig(api, source, store, logger);
    }

    /// <summary>The endpoint addresses of service <c>namespace/name</c>, in the order served.</summary>
    public string[] Endpoints(string key) =>
        Config.Services.TryGetValue(key, out var service) ? [.. service.Spec.Endpoints.Select(e => e.Address)] : [];

    /// <summary>Waits until <paramref name="condition"/> holds for the served config; returns how long it took.</summary>
    public async Task<TimeSpan> WaitForAsync(Func<MeshConfig, bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (!condition(Config))
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The served config did not reach '{what}' within {limit}. Log:\n{string.Join('\n', Logger.Entries.Select(e => e.Message))}");
            }

            await Task.Delay(5);
        }

        return clock.Elapsed;
    }

    /// <summary>How many requests listed (not watched) <paramref name="collectionPath"/>.</summary>
    public int Lists(string collectionPath) =>
        Api.Requests.Count(r => r.Contains(collectionPath + "?", StringComparison.Ordinal) && !r.Contains("watch=1", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Api.DisposeAsync();
    }
}
