using System.Text.Json;
using Mesh.SidecarFallback.Tests.Infrastructure;

namespace Mesh.SidecarFallback.Tests.Inbound;

/// <summary>Calls to the Node.js app arrive through the sidecar's inbound port, under the app's own mesh policy.</summary>
public sealed class InboundPolicyTests
{
    [Fact]
    public async Task Inbound_calls_reach_the_app_with_their_host_and_forwarding_headers()
    {
        await using var mesh = await SidecarScenario.StartAsync(string.Empty);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{mesh.Sidecar.InboundPort}/hello?x=%2F1");
        request.Headers.Host = "recs";

        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("node", body.GetProperty("app").GetString());
        Assert.Equal("recs", body.GetProperty("host").GetString());
        Assert.Equal("/hello?x=%2F1", body.GetProperty("path").GetString());
        Assert.Equal("127.0.0.1", body.GetProperty("forwardedFor").GetString());
    }

    [Fact]
    public async Task Inbound_calls_over_the_apps_rate_limit_are_refused_before_the_app()
    {
        await using var mesh = await SidecarScenario.StartAsync("""
            apiVersion: mesh.dev/v1alpha1
            kind: RateLimit
            metadata: { name: recs }
            spec: { service: recs, requestsPerSecond: 1, burst: 2 }
            """);
        using var http = new HttpClient();

        var refused = 0;
        var admitted = 0;
        for (var i = 0; i < 12; i++)
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{mesh.Sidecar.InboundPort}/hello");
            if ((int)response.StatusCode == 429)
            {
                refused++;
                Assert.Equal("RL", response.Headers.GetValues("x-mesh-response-flags").Single());
            }
            else
            {
                Assert.Equal(200, (int)response.StatusCode);
                admitted++;
            }
        }

        // A bucket of 2 refilled at 1/s admits at most 2 + the seconds the 12 calls took; at least the burst.
        Assert.InRange(admitted, 2, 5);
        Assert.Equal(12 - admitted, refused);
    }
}
