using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Mesh.Testing;

namespace Mesh.Sdk.Tests.Xds;

/// <summary>
/// A real mesh-cp whose xDS port the test chooses, so it can be killed and started again at the same
/// address. <see cref="ControlPlaneProcess"/> always binds port 0, which a restart could not reuse.
/// </summary>
internal sealed partial class FixedPortControlPlane : IAsyncDisposable
{
    private FixedPortControlPlane(ChildProcess process, string adminAddress)
    {
        Process = process;
        Admin = new HttpClient { BaseAddress = new Uri($"http://{adminAddress}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public ChildProcess Process { get; }

    public HttpClient Admin { get; }

    /// <summary>A loopback port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<FixedPortControlPlane> StartAsync(string configDirectory, int xdsPort)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mesh-cp.dll");
        var process = ChildProcess.Start(
            "mesh-cp",
            "dotnet",
            [dll, "--config-dir", configDirectory, "--xds-address", "127.0.0.1:" + xdsPort.ToString(CultureInfo.InvariantCulture), "--admin-address", "127.0.0.1:0"]);
        try
        {
            var (line, _) = await process.WaitForLineAsync(l => l.StartsWith("mesh-cp ready:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            return new FixedPortControlPlane(process, AdminAddress().Match(line).Groups["admin"].Value);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Process.DisposeAsync();
    }

    [GeneratedRegex(@"admin=(?<admin>\S+)")]
    private static partial Regex AdminAddress();
}
