using System.Net;
using System.Text.Json;
using Mesh.Sdk.Tests.Integration;
using Mesh.Sdk.Tests.Resilience;

namespace Mesh.Sdk.Tests.Telemetry;

/// <summary>
/// Load reports over LRS from a real SDK client to a real mesh-cp, read back as golden metrics from
/// <c>GET /stats</c>: counts exact, latency within the bucket the true latency falls in.
/// </summary>
public sealed class LoadReportTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task The_control_plane_counts_every_call_and_error_per_subset_and_caller_and_places_latency_in_the_right_bucket()
    {
        await using var fast = await ScriptedUpstream.StartAsync("fast");
        await using var slow = await ScriptedUpstream.StartAsync("slow");
        slow.Delay = TimeSpan.FromMilliseconds(150);
        await fixture.ApplyAsync("lrs.yaml", MeshConfigFiles.Service("lrs", (fast.Address, "v1"), (slow.Address, "v2")) + MeshConfigFiles.Route("lrs", """
                - match: { headers: { x-slow: { present: true } } }
                  destinations: [{ subset: v2, weight: 100 }]
                - match: { headers: { x-fail: { present: true } } }
                  destinations: [{ subset: v1, weight: 100 }]
                  fault: { abort: { percent: 100, httpStatus: 503 } }
                - destinations: [{ subset: v1, weight: 100 }]
            """));
        await using var app = fixture.CreateApp();

        await SendAsync(app, 50, null, HttpStatusCode.OK);
        await SendAsync(app, 10, "x-fail", HttpStatusCode.ServiceUnavailable);
        await SendAsync(app, 20, "x-slow", HttpStatusCode.OK);

        var stats = await fixture.ControlPlane.WaitForAdminAsync(
            "stats",
            s => Requests(s, "v1") == 60 && Requests(s, "v2") == 20,
            TimeSpan.FromSeconds(15));
        var service = Service(stats);
        Assert.Equal("default", service.GetProperty("namespace").GetString());
        Assert.Equal(80, service.GetProperty("metrics").GetProperty("requests").GetInt64());
        Assert.Equal(10, service.GetProperty("metrics").GetProperty("errors").GetInt64());
        var v1 = Subset(stats, "v1");
        Assert.Equal(10, v1.GetProperty("errors").GetInt64());
        Assert.Equal(50d / 60, v1.GetProperty("successRate").GetDouble(), 3);
        var v2 = Subset(stats, "v2");
        Assert.Equal(0, v2.GetProperty("errors").GetInt64());
        Assert.Equal(1d, v2.GetProperty("successRate").GetDouble());

        // 150 ms plus loopback overhead (up to 100 ms on a loaded machine) lands in the (100 ms, 250 ms] bucket,
        // and interpolation stays inside it.
        Assert.InRange(v2.GetProperty("p50Ms").GetDouble(), 100, 250);
        Assert.True(v2.GetProperty("p99Ms").GetDouble() >= v2.GetProperty("p50Ms").GetDouble(), v2.ToString());
        Assert.True(v1.GetProperty("p50Ms").GetDouble() <= 100, v1.ToString());

        var caller = Assert.Single(service.GetProperty("callers").EnumerateArray(), c => c.GetProperty("subset").GetString() == "v2");
        Assert.Equal("web", caller.GetProperty("caller").GetString());
        var edge = Assert.Single(stats.GetProperty("edges").EnumerateArray(), e => e.GetProperty("service").GetString() == "lrs");
        Assert.Equal("web", edge.GetProperty("caller").GetString());
        Assert.Equal(80, edge.GetProperty("metrics").GetProperty("requests").GetInt64());

        // Nothing is reported twice: two more report intervals later the totals are unchanged.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var later = await fixture.ControlPlane.GetJsonAsync("stats");
        Assert.Equal((60, 20), (Requests(later, "v1"), Requests(later, "v2")));
    }

    private static async Task SendAsync(MeshApp app, int calls, string? header, HttpStatusCode expected)
    {
        for (var i = 0; i < calls; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://lrs/");
            if (header is not null)
            {
                request.Headers.Add(header, "1");
            }

            using var response = await app.Client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    private static JsonElement Service(JsonElement stats) =>
        stats.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "lrs");

    private static JsonElement Subset(JsonElement stats, string subset) =>
        Service(stats).GetProperty("subsets").EnumerateArray().Single(s => s.GetProperty("subset").GetString() == subset).GetProperty("metrics");

    private static long Requests(JsonElement stats, string subset) =>
        stats.GetProperty("services").EnumerateArray().Any(s => s.GetProperty("service").GetString() == "lrs") &&
        Service(stats).GetProperty("subsets").EnumerateArray().Any(s => s.GetProperty("subset").GetString() == subset)
            ? Subset(stats, subset).GetProperty("requests").GetInt64()
            : 0;
}
