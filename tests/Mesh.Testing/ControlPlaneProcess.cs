using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mesh.Testing;

/// <summary>A real <c>mesh-cp</c> process on loopback ports chosen by the OS, with a client for its admin API.</summary>
public sealed partial class ControlPlaneProcess : IAsyncDisposable
{
    private const int FixedPortsFrom = 20000;
    private const int FixedPortCount = 12000;

    // Each test process starts at its own place, so test assemblies running side by side seldom offer the same port.
    private static int s_nextFixedPort = Random.Shared.Next(FixedPortCount);

    private readonly ChildProcess _process;

    private ControlPlaneProcess(ChildProcess process, string xdsAddress, string adminAddress, string dataDirectory)
    {
        _process = process;
        XdsAddress = xdsAddress;
        AdminAddress = adminAddress;
        DataDirectory = dataDirectory;
        Admin = new HttpClient { BaseAddress = new Uri($"http://{adminAddress}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The xDS server as <c>host:port</c>.</summary>
    public string XdsAddress { get; }

    /// <summary>The admin API as <c>host:port</c>.</summary>
    public string AdminAddress { get; }

    /// <summary>mesh-cp's data directory (<c>--data-dir</c>, or the temporary one it made): CA root, token key, admin token.</summary>
    public string DataDirectory { get; }

    /// <summary>A client for the admin API.</summary>
    public HttpClient Admin { get; }

    /// <summary>The underlying process, for its output.</summary>
    public ChildProcess Process => _process;

    /// <summary>
    /// A loopback port free right now, for a server that must come back at the same address. It is taken below the
    /// ephemeral range (32768 and up on Linux), where the OS never hands it to an outgoing connection or to another
    /// test's port-0 listener before the caller binds it.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = FixedPortsFrom + (Interlocked.Increment(ref s_nextFixedPort) % FixedPortCount);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by something else: the next one.
            }
        }
    }

    /// <summary>
    /// Starts mesh-cp on <paramref name="configDirectory"/> and waits until it is ready; xDS listens on
    /// <paramref name="xdsPort"/> when given (so a restart can reuse it), else on a port the OS picks; the admin API
    /// likewise on <paramref name="adminPort"/>.
    /// Authentication is off unless <paramref name="extraArguments"/> says <c>--auth required</c>.
    /// </summary>
    public static async Task<ControlPlaneProcess> StartAsync(string configDirectory, string? environment = null, int xdsPort = 0, IEnumerable<string>? extraArguments = null, int adminPort = 0)
    {
        var xdsAddress = "127.0.0.1:" + xdsPort.ToString(CultureInfo.InvariantCulture);
        var adminAddress = "127.0.0.1:" + adminPort.ToString(CultureInfo.InvariantCulture);
        return await WaitUntilReadyAsync(Launch(configDirectory, environment, ["--xds-address", xdsAddress, "--admin-address", adminAddress, .. extraArguments ?? []]));
    }

    /// <summary>
    /// Starts mesh-cp with <c>--source kubernetes</c> against the API server at <paramref name="kubeApi"/> and waits
    /// until it is ready; xDS listens on <paramref name="xdsHost"/>:<paramref name="xdsPort"/> (port 0: the OS picks).
    /// </summary>
    public static async Task<ControlPlaneProcess> StartKubernetesAsync(Uri kubeApi, string xdsHost = "127.0.0.1", int xdsPort = 0, params string[] extraArguments)
    {
        var xdsAddress = xdsHost + ":" + xdsPort.ToString(CultureInfo.InvariantCulture);
        return await WaitUntilReadyAsync(LaunchWith(
            ["--source", "kubernetes", "--kube-api", kubeApi.ToString(), "--xds-address", xdsAddress, "--admin-address", "127.0.0.1:0", .. extraArguments]));
    }

    private static async Task<ControlPlaneProcess> WaitUntilReadyAsync(ChildProcess process)
    {
        try
        {
            var (line, _) = await process.WaitForLineAsync(l => l.StartsWith("mesh-cp ready:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            var match = ReadyLine().Match(line);
            return new ControlPlaneProcess(process, match.Groups["xds"].Value, match.Groups["admin"].Value, match.Groups["data"].Value);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts mesh-cp without waiting for it: for runs expected to fail, or with fixed addresses. Authentication is
    /// off (<c>--auth off</c>) unless <paramref name="extraArguments"/> name <c>--auth</c>: most tests exercise
    /// config and routing, and the grpc-js peers cannot send tokens.
    /// </summary>
    public static ChildProcess Launch(string configDirectory, string? environment, IEnumerable<string> extraArguments)
    {
        List<string> arguments = ["--config-dir", configDirectory, .. extraArguments];
        if (environment is not null)
        {
            arguments.AddRange(["--environment", environment]);
        }

        return LaunchWith(arguments);
    }

    /// <summary>
    /// Starts mesh-cp with <paramref name="arguments"/>, without waiting for it; authentication is off
    /// (<c>--auth off</c>) unless they name <c>--auth</c>.
    /// </summary>
    public static ChildProcess LaunchWith(IEnumerable<string> arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mesh-cp.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: the test project must reference src/Mesh.ControlPlane.");
        }

        List<string> all = [dll, .. arguments];
        if (!all.Contains("--auth"))
        {
            all.AddRange(["--auth", "off"]);
        }

        return ChildProcess.Start("mesh-cp", "dotnet", all);
    }

    /// <summary>GET an admin path as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path) =>
        await Admin.GetFromJsonAsync<JsonElement>(path.TrimStart('/'));

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds.</summary>
    public async Task<JsonElement> WaitForAdminAsync(string path, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement last;
        do
        {
            last = await GetJsonAsync(path);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"GET {path} did not reach the expected state within {timeout}. Last:\n{last}\nOutput:\n{_process.Transcript}");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"xds=(?<xds>\S+) admin=(?<admin>\S+).* data=(?<data>\S+)")]
    private static partial Regex ReadyLine();
}
