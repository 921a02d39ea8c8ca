using System.Net.Sockets;
using System.Text;
using Mesh.SidecarFallback.Tests.Infrastructure;

namespace Mesh.SidecarFallback.Tests.Listening;

/// <summary>Garbage and oversized requests get a clear 4xx from the sidecar, which keeps serving.</summary>
public sealed class BadRequestTests
{
    [Fact]
    public async Task Malformed_and_oversized_requests_get_4xx_and_the_sidecar_keeps_serving()
    {
        await using var mesh = await SidecarScenario.StartAsync(string.Empty);
        foreach (var port in new[] { mesh.Sidecar.OutboundPort, mesh.Sidecar.InboundPort })
        {
            Assert.StartsWith("HTTP/1.1 400", await RawAsync(port, "GET / HTTP/1.1\r\nHost: recs\r\nthis line is no header\r\n\r\n"), StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 400", await RawAsync(port, "GET / HTTP/1.1\r\nHost: bad host name\r\n\r\n"), StringComparison.Ordinal);
            var huge = new string('a', 64 * 1024);
            Assert.StartsWith("HTTP/1.1 431", await RawAsync(port, $"GET / HTTP/1.1\r\nHost: recs\r\nX-Huge: {huge}\r\n\r\n"), StringComparison.Ordinal);
            var longUri = "/" + new string('b', 16 * 1024);
            Assert.StartsWith("HTTP/1.1 414", await RawAsync(port, $"GET {longUri} HTTP/1.1\r\nHost: recs\r\n\r\n"), StringComparison.Ordinal);
        }

        using var http = new HttpClient();
        using var response = await http.GetAsync($"http://127.0.0.1:{mesh.Sidecar.InboundPort}/hello");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(mesh.Sidecar.Process.HasExited);
    }

    private static async Task<string> RawAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
