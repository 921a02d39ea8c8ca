using System.Net.Http.Headers;
using System.Text.Json;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Service.Discovery.V3;
using Envoy.Service.LoadStats.V3;
using Mesh.Cli;
using Mesh.Testing;
using Mesh.Xds;
using Mesh.Xds.Grpc;

namespace Mesh.Observability.Tests;

/// <summary>
/// Two real mesh-cp replicas with <c>--auth required</c> and one <c>--secrets-dir</c>, each taking the load reports
/// of different clients: <c>GET /stats</c> on either counts both, <c>mesh config</c> and <c>mesh status</c> through
/// one find a client of the other, and <c>/stats</c>, <c>mesh stat</c> and <c>mesh check</c> name a replica that
/// stops answering.
/// </summary>
[Collection(AdminTokenVariableCollection.Name)]
public sealed class ReplicaStatsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mesh-cp-replicas-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Stats_on_either_replica_count_the_load_reported_to_both_and_name_a_replica_that_is_gone()
    {
        var (config, secrets) = (Directory.CreateDirectory(Path.Combine(_root, "config")).FullName, Directory.CreateDirectory(Path.Combine(_root, "secrets")).FullName);
        await File.WriteAllTextAsync(Path.Combine(config, "mesh.yaml"), "apiVersion: mesh.dev/v1alpha1\nkind: Mesh\nmetadata: { name: default }\nspec: { trustDomain: shop.local }\n");
        var adminToken = ControlPlaneSecrets.Write(secrets);
        var (portA, portB) = (ControlPlaneProcess.FreePort(), ControlPlaneProcess.FreePort());

        // A names itself and B by address; B names A by a DNS name, as a headless Service would list the replicas.
        await using var a = await StartAsync(config, secrets, "a", portA, $"127.0.0.1:{portA},127.0.0.1:{portB}");
        var b = await StartAsync(config, secrets, "b", portB, $"localhost:{portA}");
        try
        {
            await ReportAsync(a, adminToken, caller: "web", succeeded: 30, failed: 3);
            await ReportAsync(b, adminToken, caller: "basket", succeeded: 20, failed: 0);

            var fromA = await StatsWhenAsync(portA, adminToken, stats => Requests(stats) == 53);
            var fromB = await StatsWhenAsync(portB, adminToken, stats => Requests(stats) == 53);
            var localA = await StatsAsync(portA, adminToken, "stats/local");

            Assert.Equal(53, Requests(fromA));
            Assert.Equal(53, Requests(fromB));
            Assert.Equal(["basket", "web"], Callers(fromA));
            Assert.Equal([$"127.0.0.1:{portB}"], Strings(fromA.GetProperty("replicas").GetProperty("merged")));
            Assert.Equal([$"127.0.0.1:{portA}"], Strings(fromB.GetProperty("replicas").GetProperty("merged")));
            Assert.Equal(["web"], localA.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("caller").GetString()!).ToArray());

            // A client streaming from B, seen through A.
            using var channel = new GrpcClientChannel(new Uri("http://" + b.XdsAddress));
            using var stream = channel.DuplexStreaming(AdsMethods.StreamAggregatedResources, new CallOptions(Bearer(adminToken), DateTime.UtcNow.AddSeconds(20)));
            await stream.RequestStream.WriteAsync(new DiscoveryRequest { Node = new Node { Id = "basket-7", Cluster = "basket" }, TypeUrl = "type.googleapis.com/envoy.config.listener.v3.Listener" });
            Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
            var (configExit, configOut, configError) = await RunCliAsync(secrets, "config", "basket-7", "--control-plane", $"127.0.0.1:{portA}");
            var (_, statusOut, _) = await RunCliAsync(secrets, "status", "--control-plane", $"127.0.0.1:{portA}");
            var (_, bothUpCheck, _) = await RunCliAsync(secrets, "check", "--control-plane", $"127.0.0.1:{portA}");
            Assert.True(configExit == 0, configError);
            Assert.Contains($"via replica 127.0.0.1:{portB})", configOut, StringComparison.Ordinal);
            Assert.Contains($"basket-7 via 127.0.0.1:{portB}", statusOut, StringComparison.Ordinal);
            Assert.Contains("✔ every peer replica answers (1 besides this one)", bothUpCheck, StringComparison.Ordinal);
        }
        finally
        {
            await b.DisposeAsync();
        }

        var alone = await StatsAsync(portA, adminToken, "stats");
        var (exitCode, output, error) = await RunCliAsync(secrets, "stat", "--control-plane", $"127.0.0.1:{portA}");
        var (checkExit, checkOut, _) = await RunCliAsync(secrets, "check", "--control-plane", $"127.0.0.1:{portA}");

        Assert.Equal(33, Requests(alone));
        Assert.Empty(Strings(alone.GetProperty("replicas").GetProperty("merged")));
        Assert.Contains(Strings(alone.GetProperty("replicas").GetProperty("unreachable")), line => line.StartsWith($"127.0.0.1:{portB}: ", StringComparison.Ordinal));
        Assert.True(exitCode == 0, error);
        Assert.Contains("summed over the replica that answered and 0 peer(s)", output, StringComparison.Ordinal);
        Assert.Contains($"left out, did not answer: 127.0.0.1:{portB}: ", error, StringComparison.Ordinal);
        Assert.Equal(1, checkExit);
        Assert.Contains("✖ every peer replica answers", checkOut, StringComparison.Ordinal);
        Assert.Contains($"    127.0.0.1:{portB}: ", checkOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mesh-cp-peers")]
    [InlineData("10.0.0.7:http")]
    [InlineData("10.0.0.7:70000")]
    public async Task Refuses_a_peer_that_is_not_host_and_port(string peer)
    {
        await using var process = ControlPlaneProcess.LaunchWith(["--config-dir", _root, "--peers", $"10.0.0.8:15014,{peer}"]);

        Assert.Equal(1, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"--peers: '{peer}' is not HOST:PORT", process.Transcript, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("soon")]
    public async Task Refuses_a_peer_sync_that_is_not_a_duration_of_at_least_a_second(string interval)
    {
        await using var process = ControlPlaneProcess.LaunchWith(["--config-dir", _root, "--peers", "10.0.0.8:15014", "--peer-sync", interval]);

        Assert.Equal(1, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"--peer-sync '{interval}' is not a duration of at least 1s", process.Transcript, StringComparison.Ordinal);
    }

    private Task<ControlPlaneProcess> StartAsync(string config, string secrets, string name, int adminPort, string peers) =>
        ControlPlaneProcess.StartAsync(
            config,
            adminPort: adminPort,
            extraArguments: ["--auth", "required", "--secrets-dir", secrets, "--data-dir", Path.Combine(_root, name), "--peers", peers]);

    // The mesh CLI in this process, with the replicas' shared admin token.
    private static async Task<(int ExitCode, string Out, string Error)> RunCliAsync(string secrets, params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Environment.SetEnvironmentVariable("MESH_ADMIN_TOKEN_FILE", Path.Combine(secrets, "admin.token"));
        try
        {
            var exitCode = await MeshCommand.RunAsync(arguments, output, error, CancellationToken.None);
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MESH_ADMIN_TOKEN_FILE", null);
        }
    }

    private static Mesh.Xds.Grpc.Metadata Bearer(string token)
    {
        var headers = new Mesh.Xds.Grpc.Metadata();
        headers.Add("authorization", "Bearer " + token);
        return headers;
    }

    // One load report for cluster catalog.default from a client of service 'caller', over a real LRS stream.
    private static async Task ReportAsync(ControlPlaneProcess replica, string token, string caller, ulong succeeded, ulong failed)
    {
        using var channel = new GrpcClientChannel(new Uri("http://" + replica.XdsAddress));
        using var call = channel.DuplexStreaming(LoadReportingMethods.StreamLoadStats, new CallOptions(Bearer(token), DateTime.UtcNow.AddSeconds(10)));
        var report = new LoadStatsRequest { Node = new Node { Id = caller + "-1", Cluster = caller } };
        var stats = new ClusterStats { ClusterName = "catalog.default", LoadReportInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(10)) };
        stats.UpstreamLocalityStats.Add(new UpstreamLocalityStats { TotalSuccessfulRequests = succeeded, TotalErrorRequests = failed });
        report.ClusterStats.Add(stats);
        await call.RequestStream.WriteAsync(report);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    // The replica records a report just after it answers the stream, so the figures are polled for.
    private static async Task<JsonElement> StatsWhenAsync(int adminPort, string token, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var stats = await StatsAsync(adminPort, token, "stats");
        while (!condition(stats) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            stats = await StatsAsync(adminPort, token, "stats");
        }

        return stats;
    }

    private static async Task<JsonElement> StatsAsync(int adminPort, string token, string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    private static long Requests(JsonElement stats) =>
        stats.GetProperty("services").EnumerateArray().Where(s => s.GetProperty("service").GetString() == "catalog").Sum(s => s.GetProperty("metrics").GetProperty("requests").GetInt64());

    private static string[] Callers(JsonElement stats) =>
        [.. stats.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("caller").GetString()!).Order(StringComparer.Ordinal)];

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
