using System.Text.Json;
using Mesh.Testing;

namespace Mesh.Cli.Tests.Commands;

/// <summary><c>mesh status</c>, <c>config</c> and <c>check</c> against a real mesh-cp serving a real grpc-js-xds client.</summary>
public sealed class ControlPlaneCommandsTests
{
    private const string NodeId = "cli-test-client-1";
    private const string ListenerType = "type.googleapis.com/envoy.config.listener.v3.Listener";

    [Fact]
    public async Task Status_config_and_check_show_a_connected_client_in_sync_and_check_fails_after_a_broken_edit()
    {
        using var config = new TempConfig();
        var echoFile = EchoMeshConfig.Write(config.Path, ControlPlaneProcess.FreePort(), ControlPlaneProcess.FreePort(), 80, 20);
        await using var controlPlane = await ControlPlaneProcess.StartAsync(config.Path);
        await using var client = await GrpcXdsClient.StartAsync(controlPlane.XdsAddress, NodeId);
        await controlPlane.WaitForAdminAsync("clients", AllInSync, TimeSpan.FromSeconds(30));
        var admin = "http://" + controlPlane.AdminAddress;

        var status = await CliRun.RunAsync("status", "--control-plane", admin);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"connecting to {admin} …", status.Error, StringComparison.Ordinal);
        Assert.Matches($@"{NodeId}\s+GrpcProxyless\s+Cluster\s+\S+\s+in sync", status.Out);
        Assert.Matches(@"\s+Listener\s+\S+\s+in sync", status.Out);
        Assert.Contains("1 client(s), all in sync", status.Out, StringComparison.Ordinal);

        var clientConfig = await CliRun.RunAsync("config", "cli-test", "--control-plane", admin);
        Assert.True(clientConfig.ExitCode == 0, clientConfig.ToString());
        var served = await controlPlane.GetJsonAsync("config");
        Assert.Contains($"served config: version {served.GetProperty("version").GetString()}", clientConfig.Out, StringComparison.Ordinal);
        Assert.Matches(@"Listener\s+\S+\s+\S+\s+in sync\s+echo", clientConfig.Out);
        Assert.Matches(@"RouteConfiguration\s+\S+\s+\S+\s+in sync\s+echo.default", clientConfig.Out);

        var statusJson = await CliRun.RunAsync("status", "--control-plane", admin, "--output", "json");
        var types = JsonDocument.Parse(statusJson.Out).RootElement.GetProperty("clients")[0].GetProperty("types");
        Assert.All(types.EnumerateArray(), t => Assert.True(t.GetProperty("inSync").GetBoolean()));

        var check = await CliRun.RunAsync("check", "--control-plane", admin);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("✔ every xDS client is in sync (1 connected)", check.Out, StringComparison.Ordinal);
        Assert.Contains("✔ no client rejected config (no NACKs)", check.Out, StringComparison.Ordinal);
        Assert.Contains("Status check results are ✔", check.Out, StringComparison.Ordinal);

        EchoMeshConfig.WriteAtomically(echoFile, File.ReadAllText(echoFile).Replace("subset: v2", "subset: v3", StringComparison.Ordinal));
        await controlPlane.WaitForAdminAsync("config", c => c.TryGetProperty("lastRejection", out var r) && r.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30));

        var failed = await CliRun.RunAsync("check", "--control-plane", admin);
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("✖ config is accepted", failed.Out, StringComparison.Ordinal);
        Assert.Contains("echo.yaml:", failed.Out, StringComparison.Ordinal);
        Assert.Contains("subset 'v3' is not defined", failed.Out, StringComparison.Ordinal);
        Assert.Contains("→ fix these errors", failed.Out, StringComparison.Ordinal);
        Assert.Contains("Status check results are ✖ (1 of 5 checks failed)", failed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_lists_the_connected_clients_when_the_one_asked_for_is_unknown()
    {
        using var config = new TempConfig();
        EchoMeshConfig.Write(config.Path, ControlPlaneProcess.FreePort(), ControlPlaneProcess.FreePort(), 50, 50);
        await using var controlPlane = await ControlPlaneProcess.StartAsync(config.Path);
        await using var client = await GrpcXdsClient.StartAsync(controlPlane.XdsAddress, NodeId);
        await controlPlane.WaitForAdminAsync("clients", AllInSync, TimeSpan.FromSeconds(30));

        var run = await CliRun.RunAsync("config", "frontend", "--control-plane", controlPlane.AdminAddress);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error: no client 'frontend'; pass one of the connected node ids (or a prefix):", run.Error, StringComparison.Ordinal);
        Assert.Contains($"  {NodeId}", run.Error, StringComparison.Ordinal);
    }

    private static bool AllInSync(JsonElement clients) =>
        clients.GetArrayLength() == 1
        && clients[0].GetProperty("types").GetArrayLength() == 4
        && clients[0].GetProperty("types").EnumerateArray().All(t => t.GetProperty("inSync").GetBoolean())
        && clients[0].GetProperty("types").EnumerateArray().Any(t => t.GetProperty("typeUrl").GetString() == ListenerType);
}
