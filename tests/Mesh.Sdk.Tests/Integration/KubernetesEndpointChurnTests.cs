using System.Diagnostics;
using Mesh.Sdk.Tests.Xds;
using Mesh.Sdk.Xds;
using Mesh.Testing;
using Mesh.Testing.Kubernetes;
using Xunit.Abstractions;
using static Mesh.Testing.Kubernetes.KubernetesObjects;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>EndpointSlice changes in a (stand-in) cluster reach the SDK's xDS client through a real mesh-cp.</summary>
public sealed class KubernetesEndpointChurnTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Every_endpoint_change_reaches_the_client_within_one_second()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Apply(MeshServices, MeshService("default", "echo"));
        api.Apply(Pods, Pod("default", "echo-v1", "v1"));
        api.Apply(EndpointSlices, EndpointSlice("default", "echo-a", "echo", 8080, new SliceEndpoint("10.1.0.1", Pod: "echo-v1")));
        await using var replica = await ControlPlaneProcess.StartKubernetesAsync(api.Url);
        await using var client = new XdsClient(
            new XdsClientOptions { ControlPlane = new Uri($"http://{replica.XdsAddress}"), NodeId = "web-churn", ServiceName = "web" },
            TimeProvider.System,
            new CollectingLogger<XdsClient>());
        await client.StartAsync(CancellationToken.None);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await client.WaitForListenerAsync("echo", wait.Token));

        var timings = new List<TimeSpan>();
        for (var i = 2; i <= 21; i++)
        {
            // Grow to ten endpoints, then shrink back to one: additions and removals alike.
            var count = i <= 11 ? i : 22 - i;
            var endpoints = Enumerable.Range(1, count).Select(n => new SliceEndpoint($"10.1.0.{n}", Pod: "echo-v1")).ToArray();
            var arrived = WhenEndpointCount(client, count);
            var clock = Stopwatch.StartNew();
            api.Apply(EndpointSlices, EndpointSlice("default", "echo-a", "echo", 8080, endpoints));
            await arrived.WaitAsync(TimeSpan.FromSeconds(10));
            timings.Add(clock.Elapsed);
        }

        var sorted = timings.Order().ToArray();
        output.WriteLine($"endpoint change to client: median {sorted[sorted.Length / 2].TotalMilliseconds:F0} ms, max {sorted[^1].TotalMilliseconds:F0} ms over {sorted.Length} changes");
        Assert.All(timings, t => Assert.True(t < Budget, $"a change took {t.TotalMilliseconds:F0} ms"));
    }

    private static Task WhenEndpointCount(XdsClient client, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ResourcesChanged += resources =>
        {
            if (resources.Endpoints.TryGetValue("echo.default", out var assignment) && assignment.Endpoints.Sum(l => l.LbEndpoints.Count) == count)
            {
                done.TrySetResult();
            }
        };
        return done.Task;
    }
}
