using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>
/// Over a plain <see cref="SocketsHttpHandler"/> the mesh keeps a connection pool per endpoint and sends the request
/// as its caller wrote it.
/// </summary>
public sealed class EndpointConnectionsTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task Spreads_http2_calls_over_every_endpoint_with_the_services_authority()
    {
        await using var one = await NamedUpstream.StartAsync("one", protocols: HttpProtocols.Http2);
        await using var two = await NamedUpstream.StartAsync("two", protocols: HttpProtocols.Http2);
        await using var app = MeshApp.Create(new Dictionary<string, string?>
        {
            ["services:catalog:http:0"] = $"http://{one.Address}",
            ["services:catalog:http:1"] = $"http://{two.Address}",
        });

        // One HTTP/2 connection per authority would carry every call to one endpoint.
        var tally = await app.CallManyAsync("http://catalog/items?page=2", 200, parallelism: 8, version: HttpVersion.Version20);

        Assert.True(tally.Failed == 0, tally.ToString());
        Assert.Equal(100, tally.Of("one"));
        Assert.Equal(100, tally.Of("two"));
        Assert.Equal(("catalog", "HTTP/2"), (one.LastHost, one.LastProtocol));
        Assert.Equal(("catalog", "HTTP/2"), (two.LastHost, two.LastProtocol));
        Assert.Equal(1, one.OpenConnections);
    }

    [Fact]
    public async Task Takes_the_primary_handlers_settings_but_goes_straight_to_the_endpoint_past_its_proxy()
    {
        await using var slow = await NamedUpstream.StartAsync("slow", TimeSpan.FromMilliseconds(100));
        await using var app = MeshApp.Create(
            new Dictionary<string, string?> { ["services:catalog:http:0"] = $"http://{slow.Address}" },
            services => services.AddHttpClient(MeshApp.ClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1,
                Proxy = new WebProxy("http://127.0.0.1:9"),
                UseProxy = true,
            }));

        var tally = await app.CallManyAsync("http://catalog/", 8, parallelism: 4);

        Assert.True(tally.Failed == 0, tally.ToString());
        Assert.Equal(8, tally.Of("slow"));
        Assert.Equal(1, slow.MostInFlight);
    }

    [Fact]
    public async Task Follows_a_redirect_to_another_host_where_it_points()
    {
        await using var elsewhere = await NamedUpstream.StartAsync("elsewhere");
        await using var redirecting = await RedirectingUpstream.StartAsync($"http://{elsewhere.Address}/moved");
        await using var app = MeshApp.Create(new Dictionary<string, string?> { ["services:catalog:http:0"] = $"http://{redirecting.Address}" });

        Assert.Equal("elsewhere", await app.GetAsync("http://catalog/old"));
        Assert.Equal(1, elsewhere.Requests);
    }

    [Fact]
    public async Task Closes_the_connections_of_an_endpoint_that_left_once_its_last_call_ends()
    {
        await using var a = await NamedUpstream.StartAsync("a");
        await using var b = await NamedUpstream.StartAsync("b", TimeSpan.FromSeconds(1));
        await using var c = await NamedUpstream.StartAsync("c");
        await fixture.ApplyAsync("churn.yaml", MeshConfigFiles.Service("churn", (a.Address, "v1"), (b.Address, "v1")));
        await using var app = fixture.CreateApp();
        var before = await app.CallManyAsync("http://churn/", 4, parallelism: 4);
        Assert.True(before.Of("b") > 0 && b.OpenConnections > 0, before.ToString());

        // Calls to b are still in flight when c arrives and takes b's place.
        var inFlight = app.CallManyAsync("http://churn/", 8, parallelism: 8);
        await fixture.ApplyAsync("churn.yaml", MeshConfigFiles.Service("churn", (a.Address, "v1"), (c.Address, "v1")));
        await Eventually.WaitAsync(() => app.CallManyAsync("http://churn/", 20), t => t.Of("c") > 0 && t.Of("b") == 0, "c replacing b");
        var drained = await inFlight;
        Assert.True(drained.Failed == 0 && drained.Of("b") > 0, drained.ToString());

        // Without the pool's disposal b's idle connections would stay open for a minute.
        await Eventually.WaitAsync(() => Task.FromResult(b.OpenConnections), open => open == 0, "b's connections closing", TimeSpan.FromSeconds(5));
        Assert.True(a.OpenConnections > 0);
    }
}
