using Mesh.Testing;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>The data path never depends on the control plane being up: not under load, not across a restart.</summary>
public sealed class ControlPlaneOutageTests : IAsyncLifetime
{
    private readonly string _configDirectory = Directory.CreateTempSubdirectory("mesh-sdk-outage-").FullName;
    private readonly string _cacheDirectory = Directory.CreateTempSubdirectory("mesh-sdk-outage-cache-").FullName;
    private NamedUpstream _v1 = null!;
    private NamedUpstream _v2 = null!;

    public async Task InitializeAsync()
    {
        _v1 = await NamedUpstream.StartAsync("v1");
        _v2 = await NamedUpstream.StartAsync("v2");
    }

    public async Task DisposeAsync()
    {
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
        Directory.Delete(_configDirectory, recursive: true);
        Directory.Delete(_cacheDirectory, recursive: true);
    }

    [Fact]
    public async Task Keeps_routing_when_the_control_plane_dies_under_load_and_a_restarted_service_routes_from_its_cache()
    {
        MeshConfigFiles.Write(_configDirectory, "outage.yaml", MeshConfigFiles.Service("outage", (_v1.Address, "v1"), (_v2.Address, "v2")) + MeshConfigFiles.Route("outage", """
                - destinations:
                    - { subset: v1, weight: 70 }
                    - { subset: v2, weight: 30 }
            """));
        var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
        await using (var app = MeshApp.ForControlPlane(controlPlane.XdsAddress, _cacheDirectory))
        {
            await Eventually.WaitAsync(() => app.GetAsync("http://outage/"), _ => true, "a first routed call");
            await Eventually.WaitAsync(
                () => Task.FromResult(Directory.GetFiles(_cacheDirectory, "*", SearchOption.AllDirectories).Length),
                count => count > 0,
                "the cache file being written");

            var load = app.CallManyAsync("http://outage/", 4000, parallelism: 8);
            await Task.Delay(100);
            await controlPlane.DisposeAsync();
            var tally = await load;

            Assert.True(tally.Failed == 0, tally.ToString());
            Assert.Equal(4000, tally.Total);
            var afterDeath = await app.CallManyAsync("http://outage/", 200);
            Assert.True(afterDeath.Failed == 0, afterDeath.ToString());
        }

        // A new process of the same service, control plane still down: routes come from the cache file at once.
        await using var restarted = MeshApp.ForControlPlane(controlPlane.XdsAddress, _cacheDirectory);
        var started = DateTime.UtcNow;
        Assert.Contains(await restarted.GetAsync("http://outage/"), new[] { "v1", "v2" });
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "the first call waited for the absent control plane");
        var fromCache = await restarted.CallManyAsync("http://outage/", 1000);
        Assert.True(fromCache.Failed == 0, fromCache.ToString());
        Assert.InRange(fromCache.PercentOf("v1"), 63, 77);
    }
}
