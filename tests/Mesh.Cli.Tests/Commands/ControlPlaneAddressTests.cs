using System.Net;
using System.Net.Sockets;

namespace Mesh.Cli.Tests.Commands;

public sealed class ControlPlaneAddressTests
{
    [Fact]
    public async Task Reads_the_control_plane_from_MESH_CONTROL_PLANE_when_no_option_is_given()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        // Every other test passes --control-plane, so setting the variable cannot leak into them.
        Environment.SetEnvironmentVariable("MESH_CONTROL_PLANE", $"http://127.0.0.1:{port}");
        try
        {
            var run = await CliRun.RunAsync("status");

            Assert.Contains($"connecting to http://127.0.0.1:{port} …", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MESH_CONTROL_PLANE", null);
        }
    }
}
