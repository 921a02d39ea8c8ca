using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Mesh.Testing;

namespace Mesh.Bench.Sdk.Load;

/// <summary>This bench's own executable started in <c>upstream</c> mode, and the two ports it listens on.</summary>
internal sealed partial class UpstreamProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private UpstreamProcess(ChildProcess process, int http1Port, int h2cPort)
    {
        _process = process;
        Http1Port = http1Port;
        H2cPort = h2cPort;
    }

    public int Http1Port { get; }

    public int H2cPort { get; }

    public int ProcessId => _process.Id;

    public static async Task<UpstreamProcess> StartAsync()
    {
        var dll = Assembly.GetExecutingAssembly().Location;
        var process = ChildProcess.Start("upstream", "dotnet", [dll, "upstream"]);
        try
        {
            var (line, _) = await process.WaitForLineAsync(l => l.StartsWith(UpstreamServer.ReadyPrefix, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            var match = ReadyLine().Match(line);
            if (!match.Success)
            {
                throw new InvalidOperationException($"The upstream printed '{line}', not its ports.");
            }

            return new UpstreamProcess(
                process,
                int.Parse(match.Groups["http1"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["h2c"].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"http1=(?<http1>\d+) h2c=(?<h2c>\d+)")]
    private static partial Regex ReadyLine();
}
