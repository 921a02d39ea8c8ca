using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mesh.Sdk.Hosting;
using Mesh.Sdk.Tests.Xds;
using Mesh.Sdk.Xds;
using Mesh.Testing;
using Mesh.Testing.Kubernetes;
using Xunit.Abstractions;
using static Mesh.Testing.Kubernetes.KubernetesObjects;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>
/// Two real mesh-cp replicas reading one stand-in Kubernetes API; a client follows one, which is killed,
/// and carries on with the other without a failed call and without rebuilding its routes.
/// </summary>
public sealed class ControlPlaneFailoverTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_client_under_load_moves_to_the_other_replica_when_its_replica_is_killed_with_zero_failed_calls()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        await using var a = await NamedUpstream.StartAsync("a");
        await using var b = await NamedUpstream.StartAsync("b");
        await using var c = await NamedUpstream.StartAsync("c");
        SeedEcho(api, a, b);
        var replicas = new[] { await ControlPlaneProcess.StartKubernetesAsync(api.Url), await ControlPlaneProcess.StartKubernetesAsync(api.Url) };
        try
        {
            await using var app = MeshApp.Create(new Dictionary<string, string?>
            {
                ["Mesh:ControlPlane"] = string.Join(",", replicas.Select(r => $"http://{r.XdsAddress}")),
                ["Mesh:ServiceName"] = "web",
                ["Mesh:CacheDirectory"] = _directory.File("cache"),
            });
            await app.GetAsync("http://echo/");
            var router = app.Services.GetRequiredService<MeshRouter>();
            var table = router.Table;
            var connected = await ConnectedReplicaAsync(replicas);
            var survivor = replicas[1 - connected];

            using var stop = new CancellationTokenSource();
            var load = RunLoadAsync(app, stop.Token);
            await Task.Delay(300);
            var clock = Stopwatch.StartNew();
            replicas[connected].Process.Kill();
            await survivor.WaitForAdminAsync("/clients", clients => clients.EnumerateArray().Any(IsWeb), Timeout);
            output.WriteLine($"client reconnected to the surviving replica {clock.ElapsedMilliseconds} ms after the kill");
            await Task.Delay(300);

            // Same versions from the survivor: nothing was rebuilt.
            Assert.Same(table, router.Table);

            // The survivor keeps the client up to date: a new endpoint starts taking calls.
            api.Apply(EndpointSlices, EndpointSlice("default", "echo-c", "echo", c.Port, new SliceEndpoint("127.0.0.1", Pod: "echo-v1")));
            await Eventually.WaitAsync(() => Task.FromResult(c.Requests), requests => requests > 0, "calls reaching the endpoint added after the failover", Timeout);

            await stop.CancelAsync();
            var tally = await load;
            output.WriteLine(tally.ToString());
            Assert.True(tally.Failed == 0, tally.ToString());
            Assert.True(tally.Total > 200, tally.ToString());
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_name_with_several_addresses_fails_over_between_them_and_resumes_with_the_versions_it_has()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        await using var a = await NamedUpstream.StartAsync("a");
        await using var b = await NamedUpstream.StartAsync("b");
        SeedEcho(api, a, b);
        var port = ControlPlaneProcess.FreePort();
        var replicas = new[]
        {
            await ControlPlaneProcess.StartKubernetesAsync(api.Url, "127.0.0.1", port),
            await ControlPlaneProcess.StartKubernetesAsync(api.Url, "127.0.0.2", port),
        };
        try
        {
            var logger = new CollectingLogger<XdsClient>();
            var changes = 0;
            await using var client = new XdsClient(
                new XdsClientOptions
                {
                    ControlPlane = new Uri($"http://mesh-cp.test:{port}"),
                    Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2") }),
                    NodeId = "web-dns",
                    ServiceName = "web",
                    InitialBackoff = TimeSpan.FromMilliseconds(200),
                    MaxBackoff = TimeSpan.FromSeconds(1),
                },
                TimeProvider.System,
                logger);
            client.ResourcesChanged += _ => Interlocked.Increment(ref changes);
            await client.StartAsync(CancellationToken.None);
            using var wait = new CancellationTokenSource(Timeout);
            Assert.True(await client.WaitForListenerAsync("echo", wait.Token));
            await Task.Delay(1200);
            var first = client.ConnectedAddress!;
            var changesBefore = Volatile.Read(ref changes);
            var resources = client.Resources;

            replicas[first.Equals(IPAddress.Parse("127.0.0.1")) ? 0 : 1].Process.Kill();
            var survivor = replicas[first.Equals(IPAddress.Parse("127.0.0.1")) ? 1 : 0];
            await survivor.WaitForAdminAsync("/clients", clients => clients.EnumerateArray().Any(IsWeb) && clients.EnumerateArray().All(InSync), Timeout);

            Assert.NotEqual(first, client.ConnectedAddress);
            Assert.Equal(changesBefore, Volatile.Read(ref changes));
            Assert.Same(resources, client.Resources);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private static void SeedEcho(FakeKubernetesApi api, NamedUpstream a, NamedUpstream b)
    {
        api.Apply(MeshServices, MeshService("default", "echo"));
        api.Apply(Pods, Pod("default", "echo-v1", "v1"));
        api.Apply(EndpointSlices, EndpointSlice("default", "echo-a", "echo", a.Port, new SliceEndpoint("127.0.0.1", Pod: "echo-v1")));
        api.Apply(EndpointSlices, EndpointSlice("default", "echo-b", "echo", b.Port, new SliceEndpoint("127.0.0.1", Pod: "echo-v1")));
    }

    private static async Task<int> ConnectedReplicaAsync(ControlPlaneProcess[] replicas)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            for (var i = 0; i < replicas.Length; i++)
            {
                if ((await replicas[i].GetJsonAsync("/clients")).EnumerateArray().Any(IsWeb))
                {
                    return i;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("no replica shows the client");
    }

    private static async Task<CallTally> RunLoadAsync(MeshApp app, CancellationToken stop)
    {
        var total = new CallTally();
        while (!stop.IsCancellationRequested)
        {
            var round = await app.CallManyAsync("http://echo/", 50, parallelism: 4);
            foreach (var name in new[] { "a", "b", "c" })
            {
                for (var i = 0; i < round.Of(name); i++)
                {
                    total.Add(name);
                }
            }

            if (round.Failed > 0)
            {
                total.Fail(round.LastError!);
            }
        }

        return total;
    }

    private static bool IsWeb(JsonElement client) => client.GetProperty("cluster").GetString() == "web";

    private static bool InSync(JsonElement client) =>
        client.GetProperty("types").EnumerateArray().All(type =>
            type.TryGetProperty("ackedVersion", out var acked) && type.TryGetProperty("lastSentVersion", out var sent) && acked.GetString() == sent.GetString());
}
