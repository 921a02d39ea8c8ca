namespace Mesh.Xds.Tests.Interop;

/// <summary>tests/interop/echo-server.js (grpc-js) listening on a loopback port.</summary>
public sealed class NodeEchoServer : IDisposable
{
    private NodeEchoServer(NodeProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public NodeProcess Process { get; }

    public int Port { get; }

    public static async Task<NodeEchoServer> StartAsync(string name, params string[] extraArgs)
    {
        var process = NodeProcess.Start("echo-server.js", ["--port", "0", "--name", name, .. extraArgs]);
        try
        {
            var ready = await process.WaitForJsonAsync(j => j.TryGetProperty("port", out _), TimeSpan.FromSeconds(30));
            return new NodeEchoServer(process, ready.GetProperty("port").GetInt32());
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => Process.Dispose();
}
