using System.Text.Json;

namespace Mesh.Testing;

/// <summary>A real grpc-js Echo server (tests/interop/echo-server.js) on a loopback port chosen by the OS.</summary>
public sealed class EchoServer : IAsyncDisposable
{
    private EchoServer(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    /// <summary>The node process, for its event lines.</summary>
    public ChildProcess Process { get; }

    /// <summary>The bound port.</summary>
    public int Port { get; }

    /// <summary>Starts a server that answers as <paramref name="name"/>.</summary>
    public static async Task<EchoServer> StartAsync(string name, params string[] extraArguments)
    {
        var process = ChildProcess.StartNode($"echo-server {name}", "echo-server.js", ["--port", "0", "--name", name, .. extraArguments]);
        try
        {
            var (line, _) = await process.WaitForLineAsync(l => l.StartsWith("{\"port\":", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            using var ready = JsonDocument.Parse(line);
            return new EchoServer(process, ready.RootElement.GetProperty("port").GetInt32());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
