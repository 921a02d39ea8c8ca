using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests;

/// <summary>
/// The AppHost started the way the README says, <c>dotnet run --project aspire/AppHost</c>, as a child process;
/// its whole process tree is killed on dispose.
/// </summary>
internal sealed partial class AppHostProcess : IAsyncDisposable
{
    // Covers an incremental build by `dotnet run`; the AppHost's own start is asserted separately.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private AppHostProcess(ChildProcess process, int pid, double healthySeconds)
    {
        Process = process;
        Pid = pid;
        HealthySeconds = healthySeconds;
    }

    public ChildProcess Process { get; }

    /// <summary>The AppHost's own process id (a child of <c>dotnet run</c>).</summary>
    public int Pid { get; }

    /// <summary>Seconds from the AppHost's start to "all services healthy", as it reports them.</summary>
    public double HealthySeconds { get; }

    public static async Task<AppHostProcess> StartAsync(params string[] appHostArgs)
    {
        RequirePortsFree();
        string[] args = ["run", "--project", "aspire/AppHost", .. appHostArgs.Length == 0 ? [] : (string[])["--", .. appHostArgs]];
        var process = ChildProcess.Start("apphost", "dotnet", args, RepoPaths.Root, new Dictionary<string, string> { ["NO_COLOR"] = "1" });
        try
        {
            var (pidLine, _) = await process.WaitForLineAsync(line => PidLine().IsMatch(line), StartTimeout);
            var (healthyLine, _) = await process.WaitForLineAsync(line => HealthyLine().IsMatch(line), StartTimeout);
            return new AppHostProcess(
                process,
                int.Parse(PidLine().Match(pidLine).Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(HealthyLine().Match(healthyLine).Groups[1].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The pid the AppHost last reported for <paramref name="resource"/>.</summary>
    public int PidOf(string resource)
    {
        var matches = Regex.Matches(Process.Transcript, $@"\[apphost\] {Regex.Escape(resource)} started: pid (\d+)");
        Assert.NotEmpty(matches);
        return int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Sends <paramref name="signal"/> (<c>INT</c>, <c>TERM</c>, <c>KILL</c>) to <paramref name="pid"/> with kill(1).</summary>
    public static async Task SignalAsync(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Stops the AppHost as Ctrl+C would, so its services free their ports; kills the whole tree if that fails.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited && ProcessTree.IsAlive(Pid))
        {
            await SignalAsync(Pid, "TERM");
            try
            {
                await Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                // The kill below cleans up; the test that needed a clean stop asserts it itself.
            }
        }

        await Process.DisposeAsync();
    }

    // A shop left running (or another checkout's) holds the fixed ports; say so instead of waiting for a crash loop.
    private static void RequirePortsFree()
    {
        foreach (var port in (int[])[5080, 5101, 5102, 5201, 5301, 15010, 15014])
        {
            var listener = new TcpListener(IPAddress.Loopback, port);

            // As Kestrel does: connections of the previous run in TIME_WAIT must not count as "in use".
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            try
            {
                listener.Start();
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"Port {port} is in use ({exception.SocketErrorCode}): stop the AppHost or mesh-cp that holds it ('ss -ltnp sport = :{port}') and run the test again.", exception);
            }
            finally
            {
                listener.Dispose();
            }
        }
    }

    [GeneratedRegex(@"^\[apphost\] apphost pid (\d+):")]
    private static partial Regex PidLine();

    [GeneratedRegex(@"^\[apphost\] all services healthy in ([0-9.]+) s")]
    private static partial Regex HealthyLine();
}
