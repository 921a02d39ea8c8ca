namespace Mesh.Sdk.Tests.Integration;

/// <summary>Without a control plane the same handler routes from configuration, Aspire's keys included.</summary>
public sealed class StaticConfigTests : IAsyncLifetime
{
    private NamedUpstream _one = null!;
    private NamedUpstream _two = null!;
    private NamedUpstream _plain = null!;

    public async Task InitializeAsync()
    {
        _one = await NamedUpstream.StartAsync("one");
        _two = await NamedUpstream.StartAsync("two");
        _plain = await NamedUpstream.StartAsync("plain");
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _two.DisposeAsync();
        await _plain.DisposeAsync();
    }

    [Fact]
    public async Task Routes_aspire_style_service_endpoints_by_every_name_of_the_service()
    {
        await using var app = MeshApp.Create(new Dictionary<string, string?>
        {
            ["services:catalog:http:0"] = $"http://{_one.Address}",
            ["services:catalog:http:1"] = $"http://{_two.Address}",
        });

        foreach (var url in new[] { "http://catalog/", "http://catalog.default/items", "http://catalog.default.svc.cluster.local/", "http://CATALOG:8080/" })
        {
            var tally = await app.CallManyAsync(url, 100, parallelism: 1);
            Assert.True(tally.Failed == 0, $"{url}: {tally}");
            Assert.Equal(50, tally.Of("one"));
            Assert.Equal(50, tally.Of("two"));
        }

        Assert.Equal("catalog:8080", _one.LastHost);

        // An outer handler that resends the request (a retry) sees the service's URI again, not the endpoint's.
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://catalog/retry");
        using var response = await app.Client.SendAsync(request);
        Assert.Equal(new Uri("http://catalog/retry"), request.RequestUri);
        Assert.Null(request.Headers.Host);
    }

    [Fact]
    public async Task Routes_services_from_the_mesh_section_with_their_load_balancer()
    {
        await using var app = MeshApp.Create(new Dictionary<string, string?>
        {
            ["Mesh:Services:inventory:Endpoints:0"] = _one.Address,
            ["Mesh:Services:inventory:Endpoints:1"] = _two.Address,
            ["Mesh:Services:inventory:LoadBalancer"] = "random",
        });

        var tally = await app.CallManyAsync("http://inventory/", 400);

        Assert.True(tally.Failed == 0, tally.ToString());
        Assert.InRange(tally.Of("one"), 120, 280);
    }

    [Fact]
    public async Task Passes_hosts_outside_the_mesh_through_untouched()
    {
        await using var app = MeshApp.Create(new Dictionary<string, string?>
        {
            ["services:catalog:http:0"] = $"http://{_one.Address}",
        });

        Assert.Equal("plain", await app.GetAsync($"http://{_plain.Address}/"));
        Assert.Equal(_plain.Address, _plain.LastHost);
        Assert.Equal("plain", await app.GetAsync($"http://localhost:{_plain.Port}/"));
        Assert.Equal($"localhost:{_plain.Port}", _plain.LastHost);
        Assert.Equal(0, _one.Requests);
    }
}
