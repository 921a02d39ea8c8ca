using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Mesh.Testing;

namespace Mesh.SidecarFallback.Tests.Infrastructure;

/// <summary>A real <c>mesh-sidecar</c> process on ports the OS picks, as the tests' node app would run beside it.</summary>
internal sealed partial class SidecarProcess : IAsyncDisposable
{
    private SidecarProcess(ChildProcess process, int outbound, int inbound, int admin)
    {
        Process = process;
        OutboundPort = outbound;
        InboundPort = inbound;
        AdminPort = admin;
    }

    public ChildProcess Process { get; }

    public int OutboundPort { get; }

    public int InboundPort { get; }

    public int AdminPort { get; }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "mesh-sidecar.dll");

    /// <summary>Starts the sidecar for <paramref name="service"/> and waits until it listens.</summary>
    public static async Task<SidecarProcess> StartAsync(
        string service, int appPort, string? controlPlane, IReadOnlyDictionary<string, string>? environment = null, IEnumerable<string>? extraArguments = null)
    {
        List<string> arguments = [Dll, "--service-name", service, "--app-port", appPort.ToString(CultureInfo.InvariantCulture),
            "--outbound-port", "0", "--admin-port", "0", .. extraArguments ?? ["--inbound-port", "0"]];
        if (controlPlane is not null)
        {
            arguments.AddRange(["--control-plane", "http://" + controlPlane]);
        }

        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["Mesh__CacheDirectory"] = Path.Combine(Path.GetTempPath(), "mesh-sidecar-tests", Guid.NewGuid().ToString("N")),
        };
        var process = Launch(arguments, env);
        try
        {
            var (line, _) = await process.WaitForLineAsync(l => l.StartsWith("mesh-sidecar listening:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            var match = ListeningLine().Match(line);
            return new SidecarProcess(
                process,
                int.Parse(match.Groups["outbound"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["inbound"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["admin"].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts <c>dotnet mesh-sidecar.dll</c>, or the native binary named by <c>MESH_SIDECAR_BINARY</c> (for example
    /// the Native AOT publish output), so the same tests cover both.
    /// </summary>
    public static ChildProcess Launch(List<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        return Environment.GetEnvironmentVariable("MESH_SIDECAR_BINARY") is { Length: > 0 } binary
            ? ChildProcess.Start("mesh-sidecar", binary, arguments.Skip(1), environment: environment)
            : ChildProcess.Start("mesh-sidecar", "dotnet", arguments, environment: environment);
    }

    /// <summary>Waits until <c>/ready</c> answers 200.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        string last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{AdminPort}/ready");
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"mesh-sidecar did not become ready within {timeout}; last /ready: {last}\n{Process.Transcript}");
    }

    /// <summary>Sends SIGTERM, as Kubernetes does to stop a container.</summary>
    public void Terminate()
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    [GeneratedRegex(@"outbound=\S+:(?<outbound>\d+) inbound=\S+:(?<inbound>\d+) admin=\S+:(?<admin>\d+)")]
    private static partial Regex ListeningLine();
}
