using Mesh.Testing;
using Mesh.Testing.Kubernetes;
using static Mesh.Testing.Kubernetes.KubernetesObjects;

namespace Mesh.ControlPlane.Tests.Hosting;

/// <summary>mesh-cp processes reading one (stand-in) cluster serve the same bytes under the same versions, however each learned the state.</summary>
public sealed class KubernetesReplicaTests
{
    [Fact]
    public async Task Two_replicas_serve_byte_identical_resources_and_versions_whether_they_listed_or_watched_the_state()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Apply(MeshServices, MeshService("shop", "catalog"));
        api.Apply(Services, Service("shop", "catalog"));
        api.Apply(Pods, Pod("shop", "catalog-v1", "v1"));
        api.Apply(Pods, Pod("shop", "catalog-v2", "v2"));
        api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.1", Zone: "us-east-1a", Pod: "catalog-v1")));
        api.Apply(TrafficRoutes, KubernetesObjects.Mesh("TrafficRoute", "shop", "catalog", """{"service":"catalog","rules":[{"destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":10}],"timeout":"2s"}]}"""));
        await using var first = await ControlPlaneProcess.StartKubernetesAsync(api.Url);

        // The first replica follows these changes as watch events; the second lists the end state.
        api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-b", "catalog", 8080, new SliceEndpoint("10.0.0.2", Zone: "us-east-1b", Pod: "catalog-v2")));
        api.Apply(MeshServices, MeshService("shop", "basket"));
        api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.3", Zone: "us-east-1a", Pod: "catalog-v1"), new SliceEndpoint("10.0.0.1", Zone: "us-east-1a", Pod: "catalog-v1")));
        api.Delete(MeshServices, "shop", "basket");
        await using var second = await ControlPlaneProcess.StartKubernetesAsync(api.Url);

        var version = (await second.GetJsonAsync("/healthz")).GetProperty("version").GetString();
        await first.WaitForAdminAsync("/healthz", h => h.GetProperty("version").GetString() == version, TimeSpan.FromSeconds(10));

        var fromFirst = await AdsSnapshotReader.ReadAsync(first.XdsAddress, ["catalog.shop"]);
        var fromSecond = await AdsSnapshotReader.ReadAsync(second.XdsAddress, ["catalog.shop"]);
        Assert.Equal(4, fromFirst.Count);
        Assert.Equal(fromFirst.Keys, fromSecond.Keys);
        foreach (var (typeUrl, (firstVersion, firstResources)) in fromFirst)
        {
            var (secondVersion, secondResources) = fromSecond[typeUrl];
            Assert.Equal(firstVersion, secondVersion);
            Assert.Equal(firstResources.Length, secondResources.Length);
            Assert.True(firstResources.Zip(secondResources).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second)), $"{typeUrl} differs between replicas");
        }

        Assert.True(fromFirst.Values.Sum(v => v.Resources.Length) >= 8, "expected listeners, a route, clusters and endpoints");

        // A bad object shows on the admin API of every replica, and the config they serve stays the same.
        api.Apply(RateLimits, KubernetesObjects.Mesh("RateLimit", "shop", "catalog", """{"service":"catalog","requestsPerSecond":-1}"""));
        foreach (var replica in new[] { first, second })
        {
            var config = await replica.WaitForAdminAsync("/config", c => c.TryGetProperty("skipped", out _), TimeSpan.FromSeconds(10));
            Assert.Contains("RateLimit shop/catalog: spec.requestsPerSecond", config.GetProperty("skipped")[0].GetString(), StringComparison.Ordinal);
            Assert.Equal(version, config.GetProperty("version").GetString());
        }
    }
}
