using System.Text.Json;
using Mesh.Testing;

namespace Mesh.Interop.Tests;

/// <summary>
/// A real @grpc/grpc-js-xds client reports its load to mesh-cp's LRS because each cluster names mesh-cp as its
/// <c>lrs_server</c>, so gRPC's own proxyless clients show up in <c>GET /stats</c> beside Mesh.Sdk clients.
/// </summary>
public sealed class GrpcJsXdsLoadReportTests : TwoEchoServersTest
{
    private const int Calls = 300;

    [Fact]
    public async Task Grpc_js_reports_every_call_per_subset_under_its_node_cluster()
    {
        EchoMeshConfig.Write(ConfigDirectory, V1.Port, V2.Port, 50, 50);
        await using var controlPlane = await ControlPlaneProcess.StartAsync(ConfigDirectory);
        await using var client = await XdsInteropClient.StartAsync(controlPlane.XdsAddress, "xds:///echo", "interop-lrs");

        var calls = await client.CallAsync(Calls);
        Assert.True(calls.Failed == 0, $"calls failed: {calls.LastError}\n{client.Transcript}");

        var stats = await controlPlane.WaitForAdminAsync("stats", s => Requests(s) == Calls, TimeSpan.FromSeconds(20));
        var echo = stats.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "echo");
        Assert.Equal(0, echo.GetProperty("metrics").GetProperty("errors").GetInt64());
        var subsets = echo.GetProperty("subsets").EnumerateArray().ToDictionary(s => s.GetProperty("subset").GetString()!, s => s.GetProperty("metrics").GetProperty("requests").GetInt64());
        Assert.Equal(calls.Of("v1"), subsets["v1"]);
        Assert.Equal(calls.Of("v2"), subsets["v2"]);
        Assert.All(echo.GetProperty("callers").EnumerateArray(), c => Assert.Equal("interop", c.GetProperty("caller").GetString()));
    }

    private static long Requests(JsonElement stats) =>
        stats.GetProperty("services").EnumerateArray()
            .Where(s => s.GetProperty("service").GetString() == "echo")
            .Sum(s => s.GetProperty("metrics").GetProperty("requests").GetInt64());
}
