using System.Net;
using System.Net.Sockets;

namespace Mesh.Cli.Tests.Commands;

public sealed class UnreachableControlPlaneTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("config")]
    public async Task Says_the_control_plane_cannot_be_reached_and_how_to_point_at_it(string command)
    {
        var port = FreePort();
        string[] args = command == "config"
            ? [command, "client-1", "--control-plane", $"http://127.0.0.1:{port}"]
            : [command, "--control-plane", $"http://127.0.0.1:{port}"];

        var run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"connecting to http://127.0.0.1:{port} …", run.Error, StringComparison.Ordinal);
        Assert.Contains($"error: cannot reach the control plane at http://127.0.0.1:{port}/", run.Error, StringComparison.Ordinal);
        Assert.Contains("--control-plane or $MESH_CONTROL_PLANE", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_fails_the_reachability_check_when_nothing_listens()
    {
        var run = await CliRun.RunAsync("check", "--control-plane", $"127.0.0.1:{FreePort()}");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("✖ control plane is reachable", run.Out, StringComparison.Ordinal);
        Assert.Contains("Status check results are ✖ (1 of 1 checks failed)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_up_after_ten_seconds_on_a_control_plane_that_never_answers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        var run = await CliRun.RunAsync("status", "--control-plane", address);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("within 10 s; check mesh-cp is running", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_an_address_that_is_not_http()
    {
        var run = await CliRun.RunAsync("status", "--control-plane", "grpc://127.0.0.1:15010");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("is not a control plane address; pass --control-plane http://HOST:PORT", run.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
