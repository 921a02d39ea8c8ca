using System.Globalization;
using Mesh.SidecarFallback.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Mesh.SidecarFallback.Tests.Outbound;

/// <summary>A Node.js app calls .NET services through its sidecar's outbound port; the mesh routes those calls.</summary>
public sealed class OutboundRoutingTests
{
    private static string Catalog(int v1Port, int v2Port, int v1Weight, int v2Weight) => string.Format(
        CultureInfo.InvariantCulture,
        """
        apiVersion: mesh.dev/v1alpha1
        kind: MeshService
        metadata: {{ name: catalog }}
        spec:
          ports: [{{ name: http, port: 8080, protocol: http }}]
          subsets:
            - {{ name: v1, labels: {{ version: v1 }} }}
            - {{ name: v2, labels: {{ version: v2 }} }}
          endpoints:
            - {{ address: "127.0.0.1:{0}", labels: {{ version: v1 }} }}
            - {{ address: "127.0.0.1:{1}", labels: {{ version: v2 }} }}
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: TrafficRoute
        metadata: {{ name: catalog }}
        spec:
          service: catalog
          rules:
            - destinations: [{{ subset: v1, weight: {2} }}, {{ subset: v2, weight: {3} }}]
        """,
        v1Port,
        v2Port,
        v1Weight,
        v2Weight);

    [Fact]
    public async Task Node_app_calls_are_split_by_the_route_weights()
    {
        await using var v1 = await KestrelUpstream.TextAsync("v1");
        await using var v2 = await KestrelUpstream.TextAsync("v2");
        await using var mesh = await SidecarScenario.StartAsync(Catalog(v1.Port, v2.Port, 20, 80));

        const int calls = 400;
        var tally = await mesh.App.CallThroughSidecarAsync("catalog", "/api/items", calls);

        Assert.Equal(calls, tally.GetProperty("statuses").GetProperty("200").GetInt32());
        var toV1 = tally.GetProperty("bodies").TryGetProperty("v1", out var count) ? count.GetInt32() : 0;

        // Binomial(400, 0.2): mean 80, standard deviation 8; 3.5 standard deviations either side.
        Assert.InRange(toV1, 52, 108);
        Assert.Equal(calls - toV1, tally.GetProperty("bodies").GetProperty("v2").GetInt32());
    }

    [Fact]
    public async Task A_failed_call_is_retried_on_the_other_endpoint()
    {
        await using var broken = await KestrelUpstream.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsync("broken");
        });
        await using var healthy = await KestrelUpstream.TextAsync("healthy");
        await using var mesh = await SidecarScenario.StartAsync(string.Format(
            CultureInfo.InvariantCulture,
            """
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: {{ name: basket }}
            spec:
              ports: [{{ name: http, port: 8080, protocol: http }}]
              endpoints: [{{ address: "127.0.0.1:{0}" }}, {{ address: "127.0.0.1:{1}" }}]
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: {{ name: basket }}
            spec:
              service: basket
              rules:
                - destinations: [{{ weight: 100 }}]
                  retries: {{ attempts: 2, retryOn: [5xx], budgetPercent: 100 }}
            """,
            broken.Port,
            healthy.Port));

        var tally = await mesh.App.CallThroughSidecarAsync("basket", "/api/basket", 40, concurrency: 1);

        Assert.True(tally.GetProperty("statuses").TryGetProperty("200", out var ok) && ok.GetInt32() == 40, tally.ToString());
        Assert.Equal(40, tally.GetProperty("bodies").GetProperty("healthy").GetInt32());
        Assert.True(broken.Hits > 0, "round robin sent no first try to the broken endpoint, so nothing was retried");
    }

    [Fact]
    public async Task A_host_that_is_no_mesh_service_passes_through()
    {
        await using var outside = await KestrelUpstream.TextAsync("outside");
        await using var mesh = await SidecarScenario.StartAsync(string.Empty);

        var tally = await mesh.App.CallThroughSidecarAsync("127.0.0.1:" + outside.Port.ToString(CultureInfo.InvariantCulture), "/x", 3);

        Assert.Equal(3, tally.GetProperty("bodies").GetProperty("outside").GetInt32());
    }

    [Fact]
    public async Task Calls_alternating_between_hosts_each_reach_their_own_host()
    {
        await using var first = await KestrelUpstream.TextAsync("first");
        await using var second = await KestrelUpstream.TextAsync("second");
        await using var mesh = await SidecarScenario.StartAsync(string.Empty);

        foreach (var (upstream, name) in new[] { (first, "first"), (second, "second"), (first, "first") })
        {
            var tally = await mesh.App.CallThroughSidecarAsync("127.0.0.1:" + upstream.Port.ToString(CultureInfo.InvariantCulture), "/x", 2);
            Assert.Equal(2, tally.GetProperty("bodies").GetProperty(name).GetInt32());
        }
    }

    [Fact]
    public async Task The_app_naming_the_sidecar_itself_gets_a_400_that_says_what_to_do()
    {
        await using var mesh = await SidecarScenario.StartAsync(string.Empty);
        using var http = new HttpClient();

        using var response = await http.GetAsync($"http://127.0.0.1:{mesh.Sidecar.OutboundPort}/api/items");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("put the service to call in the Host header", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
