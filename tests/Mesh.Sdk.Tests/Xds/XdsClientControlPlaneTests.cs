using System.Diagnostics;
using System.Text.Json;
using Envoy.Config.Route.V3;
using Mesh.Sdk.Xds;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.Sdk.Tests.Xds;

/// <summary>The xDS client against a real mesh-cp process on loopback.</summary>
public sealed class XdsClientControlPlaneTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly TemporaryDirectory _directory = new();
    private readonly CollectingLogger<XdsClient> _logger = new();
    private readonly ITestOutputHelper _output;
    private readonly string _configDirectory;

    public XdsClientControlPlaneTests(ITestOutputHelper output)
    {
        _output = output;
        _configDirectory = Directory.CreateDirectory(_directory.File("mesh")).FullName;
        EchoMeshConfig.Write(_configDirectory, 7001, 7002, 80, 20);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Follows_a_listener_to_its_route_clusters_and_endpoints_and_acks_them_all()
    {
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
        await using var client = await StartClientAsync(XdsUri(controlPlane.XdsAddress));
        var watch = Stopwatch.StartNew();

        Assert.True(await client.WaitForListenerAsync("echo", Cancel(Timeout)), Diagnostics(controlPlane.Process));

        _output.WriteLine($"subscribe to complete chain: {watch.ElapsedMilliseconds} ms");
        Assert.True(client.IsComplete("echo"));
        var resources = client.Resources;
        Assert.Equal(["echo"], resources.Listeners.Keys);
        Assert.Equal(["echo.default"], resources.Routes.Keys);
        Assert.Equal([("echo.default|v1", 80u), ("echo.default|v2", 20u)], Weights(resources.Routes["echo.default"]));
        var clusters = XdsReferences.ClusterNames(resources.Routes["echo.default"]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(clusters, resources.Clusters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(clusters, resources.Endpoints.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7001u, resources.Endpoints["echo.default|v1"].Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.PortValue);

        var clients = await controlPlane.WaitForAdminAsync("clients", AllInSync, Timeout);
        var status = Assert.Single(clients.EnumerateArray());
        Assert.Equal("MeshSdk", status.GetProperty("kind").GetString());
        Assert.Equal(4, status.GetProperty("types").GetArrayLength());
        Assert.DoesNotContain("lastNack", clients.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raises_ResourcesChanged_with_the_new_weights_after_a_config_edit()
    {
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
        await using var client = await StartClientAsync(XdsUri(controlPlane.XdsAddress));
        Assert.True(await client.WaitForListenerAsync("echo", Cancel(Timeout)), Diagnostics(controlPlane.Process));
        var changed = WhenWeights(client, 50, 50);

        var watch = Stopwatch.StartNew();
        EchoMeshConfig.Write(_configDirectory, 7001, 7002, 50, 50);

        var resources = await changed.WaitAsync(Timeout);
        _output.WriteLine($"config edit to ResourcesChanged: {watch.ElapsedMilliseconds} ms");
        Assert.Same(resources, client.Resources);
        Assert.True(client.IsComplete("echo"));
    }

    [Fact]
    public async Task Keeps_its_resources_while_the_control_plane_is_down_and_resumes_when_it_restarts()
    {
        var port = ControlPlaneProcess.FreePort();
        var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory, xdsPort: port);
        await using var client = await StartClientAsync(XdsUri($"127.0.0.1:{port}"));
        Assert.True(await client.WaitForListenerAsync("echo", Cancel(Timeout)), Diagnostics(controlPlane.Process));
        var before = client.Resources;

        await controlPlane.DisposeAsync();
        await _logger.WaitForAsync("keeping the last good resources and reconnecting", Timeout);
        await _logger.WaitForAsync("keeping the last good resources and reconnecting", Timeout, times: 2);

        Assert.Same(before, client.Resources);
        Assert.True(client.IsComplete("echo"));

        EchoMeshConfig.Write(_configDirectory, 7001, 7002, 30, 70);
        var changed = WhenWeights(client, 30, 70);
        var watch = Stopwatch.StartNew();
        await using var restarted = await ControlPlaneProcess.StartAsync(_configDirectory, xdsPort: port);
        var ready = watch.ElapsedMilliseconds;

        await changed.WaitAsync(Timeout);
        _output.WriteLine($"mesh-cp restart: ready after {ready} ms, client resumed after {watch.ElapsedMilliseconds} ms");
        Assert.True(client.IsComplete("echo"));
        Assert.Equal(2, _logger.Count("connected: first response received"));
    }

    [Fact]
    public async Task Routes_from_the_cache_file_when_restarted_while_the_control_plane_is_down_until_fresh_data_arrives()
    {
        var cacheFile = _directory.File("cache/xds.pb");
        XdsResources before;
        await using (var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory))
        {
            await using var first = await StartClientAsync(XdsUri(controlPlane.XdsAddress), cacheFile);
            Assert.True(await first.WaitForListenerAsync("echo", Cancel(Timeout)), Diagnostics(controlPlane.Process));
            await _logger.WaitForAsync("2 load assignments", Timeout);
            before = first.Resources;
        }

        var deadPort = ControlPlaneProcess.FreePort();
        await using var second = await StartClientAsync(XdsUri($"127.0.0.1:{deadPort}"), cacheFile);

        Assert.True(second.IsComplete("echo"));
        Assert.Equal(before.Listeners, second.Resources.Listeners);
        Assert.Equal(before.Routes, second.Resources.Routes);
        Assert.Equal(before.Clusters, second.Resources.Clusters);
        Assert.Equal(before.Endpoints, second.Resources.Endpoints);
        Assert.Equal(1, _logger.Count("Loaded the last good xDS resources"));

        // The cached listener is asked for again by itself, and fresh data replaces the cached.
        var changed = WhenWeights(second, 10, 90);
        EchoMeshConfig.Write(_configDirectory, 7001, 7002, 10, 90);
        await using var controlPlaneBack = await ControlPlaneProcess.StartAsync(_configDirectory, xdsPort: deadPort);
        await changed.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Reports_a_listener_the_control_plane_does_not_have_as_missing()
    {
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
        await using var client = await StartClientAsync(XdsUri(controlPlane.XdsAddress));
        client.Subscribe("echo");

        Assert.False(await client.WaitForListenerAsync("no-such-service", Cancel(Timeout)), Diagnostics(controlPlane.Process));
        Assert.True(await client.WaitForListenerAsync("echo", Cancel(Timeout)));
        Assert.False(client.IsComplete("no-such-service"));
        Assert.Equal(1, _logger.Count("Listener 'no-such-service' does not exist"));
    }

    private async Task<XdsClient> StartClientAsync(Uri controlPlane, string? cacheFile = null)
    {
        var client = new XdsClient(
            new XdsClientOptions
            {
                ControlPlane = controlPlane,
                NodeId = "web-" + Guid.NewGuid().ToString("N")[..8],
                ServiceName = "web",
                Region = "r1",
                Zone = "z1",
                CacheFile = cacheFile,
                InitialBackoff = TimeSpan.FromMilliseconds(200),
                MaxBackoff = TimeSpan.FromSeconds(1),
            },
            TimeProvider.System,
            _logger);
        await client.StartAsync(CancellationToken.None);
        return client;
    }

    private static Task<XdsResources> WhenWeights(XdsClient client, uint v1, uint v2)
    {
        var changed = new TaskCompletionSource<XdsResources>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ResourcesChanged += resources =>
        {
            if (resources.Routes.TryGetValue("echo.default", out var route)
                && Weights(route).SequenceEqual([("echo.default|v1", v1), ("echo.default|v2", v2)])
                && XdsReferences.IsComplete("echo", resources))
            {
                changed.TrySetResult(resources);
            }
        };
        return changed.Task;
    }

    private static List<(string Cluster, uint Weight)> Weights(RouteConfiguration route) =>
        [.. route.VirtualHosts[0].Routes[0].Route_.WeightedClusters.Clusters.Select(c => (c.Name, c.Weight ?? 0))];

    private static bool AllInSync(JsonElement clients) =>
        clients.GetArrayLength() == 1
        && clients[0].GetProperty("types").GetArrayLength() == 4
        && clients[0].GetProperty("types").EnumerateArray().All(type =>
            type.TryGetProperty("ackedVersion", out var acked) && type.TryGetProperty("lastSentVersion", out var sent) && acked.GetString() == sent.GetString());

    private static Uri XdsUri(string address) => new($"http://{address}");

    private static CancellationToken Cancel(TimeSpan after) => new CancellationTokenSource(after).Token;

    private string Diagnostics(ChildProcess controlPlane) => $"client log:\n{string.Join("\n", _logger.Lines)}\n{controlPlane.Transcript}";
}
