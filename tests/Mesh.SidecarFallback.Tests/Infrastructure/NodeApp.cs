using System.Text.Json;
using Mesh.Testing;

namespace Mesh.SidecarFallback.Tests.Infrastructure;

/// <summary>The plain-<c>http</c> Node.js application (tests/interop/sidecar-app.js) that runs behind the sidecar.</summary>
internal sealed class NodeApp : IAsyncDisposable
{
    private NodeApp(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    /// <summary>Starts the app; it calls other services through <paramref name="outboundPort"/>.</summary>
    public static async Task<NodeApp> StartAsync(int outboundPort, int port = 0)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var process = ChildProcess.StartNode("node-app", "sidecar-app.js", ["--port", port.ToString(culture), "--outbound", outboundPort.ToString(culture)]);
        try
        {
            var ready = await process.WaitForJsonAsync(json => json.TryGetProperty("port", out _), TimeSpan.FromSeconds(30));
            return new NodeApp(process, ready.GetProperty("port").GetInt32());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the app to call <paramref name="host"/> <paramref name="count"/> times through the sidecar; returns its tally.</summary>
    public async Task<JsonElement> CallThroughSidecarAsync(string host, string path, int count, int concurrency = 4)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var text = await http.GetStringAsync($"http://127.0.0.1:{Port}/call?host={host}&path={Uri.EscapeDataString(path)}&n={count}&concurrency={concurrency}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
