using Mesh.Sdk.Xds;
using Mesh.Testing;

namespace Mesh.Sdk.Tests.Xds;

public sealed class XdsCacheFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CollectingLogger<XdsClient> _logger = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Round_trips_resources_and_versions()
    {
        var path = _directory.File("xds.pb");
        var resources = Echo();

        await Cache(path, "web").SaveAsync(resources, ["l1", "r1", "c1", "e1"], CancellationToken.None);
        var loaded = await Cache(path, "web").LoadAsync(CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(["l1", "r1", "c1", "e1"], loaded.Versions.ToArray());
        Assert.Equal(resources.Listeners, loaded.Resources.Listeners);
        Assert.Equal(resources.Routes, loaded.Resources.Routes);
        Assert.Equal(resources.Clusters, loaded.Resources.Clusters);
        Assert.Equal(resources.Endpoints, loaded.Resources.Endpoints);
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));
    }

    [Fact]
    public async Task Ignores_a_corrupt_file()
    {
        var path = _directory.File("xds.pb");
        await Cache(path, "web").SaveAsync(Echo(), ["", "", "", ""], CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

        Assert.Null(await Cache(path, "web").LoadAsync(CancellationToken.None));
        Assert.Equal(1, _logger.Count("Ignoring the xDS cache file"));
    }

    [Fact]
    public async Task Ignores_a_file_written_for_another_service()
    {
        var path = _directory.File("xds.pb");
        await Cache(path, "basket").SaveAsync(Echo(), ["", "", "", ""], CancellationToken.None);

        Assert.Null(await Cache(path, "web").LoadAsync(CancellationToken.None));
        Assert.Contains(_logger.Lines, line => line.Contains("written for service 'basket'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_starts_empty_from_a_file_that_is_not_a_cache()
    {
        var path = _directory.File("xds.pb");
        await File.WriteAllTextAsync(path, "not protobuf at all");
        await using var client = new XdsClient(
            new XdsClientOptions { ControlPlane = new Uri($"http://127.0.0.1:{ControlPlaneProcess.FreePort()}"), NodeId = "web-1", ServiceName = "web", CacheFile = path },
            TimeProvider.System,
            _logger);

        await client.StartAsync(CancellationToken.None);

        Assert.Same(XdsResources.Empty, client.Resources);
        Assert.Equal(1, _logger.Count("Ignoring the xDS cache file"));
    }

    private XdsCacheFile Cache(string path, string service) =>
        new(path, XdsNode.Create(new XdsClientOptions { NodeId = "node", ServiceName = service }), _logger);

    private static XdsResources Echo() => XdsResources.Empty with
    {
        Listeners = XdsResources.Empty.Listeners.Add("echo", TestXdsResources.Listener("echo", "echo.default")),
        Routes = XdsResources.Empty.Routes.Add("echo.default", TestXdsResources.Route("echo.default", ("echo.default|v1", 1))),
        Clusters = XdsResources.Empty.Clusters.Add("echo.default|v1", TestXdsResources.Cluster("echo.default|v1")),
        Endpoints = XdsResources.Empty.Endpoints.Add("echo.default|v1", TestXdsResources.Assignment("echo.default|v1", 7001)),
    };
}
