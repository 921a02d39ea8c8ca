using System.Text.Json;
using Mesh.Testing;

namespace Mesh.Interop.Tests;

/// <summary>
/// The foundation's acceptance test: a real @grpc/grpc-js-xds client bootstrapped at a real mesh-cp
/// calls <c>xds:///echo</c> across two real grpc-js servers and follows live edits of the YAML.
/// </summary>
public sealed class GrpcJsXdsSplitTests : TwoEchoServersTest
{
    private const int Calls = 2000;

    [Fact]
    public async Task Client_splits_by_weight_follows_a_live_edit_and_keeps_serving_through_a_broken_edit()
    {
        var file = EchoMeshConfig.Write(ConfigDirectory, V1.Port, V2.Port, 80, 20);

        // The listeners carry the mesh's trace sampling (tracing.random_sampling), which grpc-js-xds must accept.
        EchoMeshConfig.WriteAtomically(Path.Combine(ConfigDirectory, "mesh.yaml"), "apiVersion: mesh.dev/v1alpha1\nkind: Mesh\nmetadata: { name: default }\nspec: { tracing: { samplingPercent: 5 } }\n");
        await using var controlPlane = await ControlPlaneProcess.StartAsync(ConfigDirectory);
        await using var client = await XdsInteropClient.StartAsync(controlPlane.XdsAddress, "xds:///echo", "interop-split");

        var first = await client.CallAsync(Calls);
        Assert.True(first.Failed == 0, $"calls failed: {first.LastError}\n{client.Transcript}\n{controlPlane.Process.Transcript}");
        AssertShare(first, "v1", 80);

        var routeVersion = AckedVersion(await controlPlane.GetJsonAsync("clients"), RouteType);
        var edited = System.Diagnostics.Stopwatch.StartNew();
        EchoMeshConfig.Write(ConfigDirectory, V1.Port, V2.Port, 50, 50);
        await controlPlane.WaitForAdminAsync("clients", c => AckedVersion(c, RouteType) is { } v && v != routeVersion, TimeSpan.FromSeconds(5));
        Assert.True(edited.Elapsed < TimeSpan.FromSeconds(1), $"the edit took {edited.Elapsed.TotalMilliseconds:F0} ms to be pushed and ACKed");

        var second = await client.CallAsync(Calls);
        Assert.Equal(0, second.Failed);
        AssertShare(second, "v1", 50);

        var skip = controlPlane.Process.LineCount;
        EchoMeshConfig.WriteAtomically(file, File.ReadAllText(file).Replace("weight: 50 }", "weight: -5 }", StringComparison.Ordinal));
        await controlPlane.WaitForAdminAsync("config", c => c.TryGetProperty("lastRejection", out var r) && r.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(5));
        var (logLine, _) = await controlPlane.Process.WaitForLineAsync(l => l.Contains("echo.yaml:", StringComparison.Ordinal), TimeSpan.FromSeconds(5), skip);
        Assert.Contains("weight", logLine, StringComparison.Ordinal);

        var third = await client.CallAsync(Calls);
        Assert.Equal(0, third.Failed);
        AssertShare(third, "v1", 50);

        var clients = await controlPlane.GetJsonAsync("clients");
        Assert.Equal(1, clients.GetArrayLength());
        Assert.DoesNotContain("\"lastNack\":{", clients.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private const string RouteType = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

    private static void AssertShare(CallCounts counts, string server, int expectedPercent)
    {
        var total = counts.Servers.Values.Sum();
        var percent = 100.0 * counts.Of(server) / total;
        Assert.True(Math.Abs(percent - expectedPercent) <= 5, $"{server} got {percent:F1}% of {total} calls, expected {expectedPercent}% ± 5");
    }

    private static string? AckedVersion(JsonElement clients, string typeUrl)
    {
        foreach (var client in clients.EnumerateArray())
        {
            foreach (var type in client.GetProperty("types").EnumerateArray())
            {
                if (type.GetProperty("typeUrl").GetString() == typeUrl && type.TryGetProperty("ackedVersion", out var acked))
                {
                    return acked.GetString();
                }
            }
        }

        return null;
    }
}
