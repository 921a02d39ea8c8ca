using System.Diagnostics;
using System.Text.Json;
using Mesh.Testing;
using Mesh.Testing.Kubernetes;
using static Mesh.Testing.Kubernetes.KubernetesObjects;

namespace Mesh.Interop.Tests;

/// <summary>
/// A real @grpc/grpc-js-xds client, bootstrapped at a mesh-cp that reads a (stand-in) Kubernetes cluster,
/// splits across two grpc-js servers by the TrafficRoute and follows their EndpointSlices.
/// </summary>
public sealed class GrpcJsXdsKubernetesTests : TwoEchoServersTest
{
    private const int Calls = 2000;
    private const string EndpointsType = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

    [Fact]
    public async Task Client_splits_by_the_traffic_route_and_drops_an_endpoint_its_slice_marks_not_ready_within_a_second()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Apply(MeshServices, KubernetesObjects.Mesh("MeshService", "default", "echo", """
            {"ports":[{"name":"grpc","protocol":"grpc"}],"subsets":[{"name":"v1","labels":{"version":"v1"}},{"name":"v2","labels":{"version":"v2"}}]}
            """));
        api.Apply(TrafficRoutes, KubernetesObjects.Mesh("TrafficRoute", "default", "echo", """
            {"service":"echo","rules":[{"destinations":[{"subset":"v1","weight":80},{"subset":"v2","weight":20}]}]}
            """));
        api.Apply(Pods, Pod("default", "echo-v1", "v1"));
        api.Apply(Pods, Pod("default", "echo-v2", "v2"));
        api.Apply(EndpointSlices, Slice("echo-v1", V1.Port, "echo-v1", ready: true));
        api.Apply(EndpointSlices, Slice("echo-v2", V2.Port, "echo-v2", ready: true));
        await using var controlPlane = await ControlPlaneProcess.StartKubernetesAsync(api.Url);
        await using var client = await XdsInteropClient.StartAsync(controlPlane.XdsAddress, "xds:///echo", "interop-kubernetes");

        var split = await client.CallAsync(Calls);
        Assert.True(split.Failed == 0, $"calls failed: {split.LastError}\n{client.Transcript}\n{controlPlane.Process.Transcript}");
        var share = 100.0 * split.Of("v1") / Calls;
        Assert.True(Math.Abs(share - 80) <= 5, $"v1 got {share:F1}% of {Calls} calls, expected 80% ± 5");

        // v2's pod stops being ready: its slice says so, and the client stops calling it.
        var before = AckedVersions(await controlPlane.GetJsonAsync("clients"));
        var clock = Stopwatch.StartNew();
        api.Apply(EndpointSlices, Slice("echo-v2", V2.Port, "echo-v2", ready: false));
        await controlPlane.WaitForAdminAsync("clients", c => AckedVersions(c) is { Length: > 0 } now && !now.SequenceEqual(before), TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the endpoint change took {clock.Elapsed.TotalMilliseconds:F0} ms to reach and be ACKed by grpc-js-xds");

        // Subset v2 has no endpoint left; its 20 % fail as gRPC does for an empty cluster, and v1 serves the rest.
        var after = await client.CallAsync(500);
        Assert.Equal(0, after.Of("v2"));
        Assert.True(after.Of("v1") > 300, $"v1 served {after.Of("v1")} of 500");
    }

    private static System.Text.Json.Nodes.JsonObject Slice(string name, int port, string pod, bool ready) =>
        EndpointSlice("default", name, "echo", port, new SliceEndpoint("127.0.0.1", Ready: ready, Zone: "local-a", Pod: pod));

    private static string[] AckedVersions(JsonElement clients) =>
        [.. clients.EnumerateArray()
            .SelectMany(c => c.GetProperty("types").EnumerateArray())
            .Where(t => t.GetProperty("typeUrl").GetString() == EndpointsType && t.TryGetProperty("ackedVersion", out _))
            .Select(t => t.GetProperty("ackedVersion").GetString()!)];
}
