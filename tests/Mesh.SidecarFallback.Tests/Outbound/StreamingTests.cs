using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Mesh.SidecarFallback.Tests.Infrastructure;
using Mesh.Testing;
using Microsoft.AspNetCore.Builder;

namespace Mesh.SidecarFallback.Tests.Outbound;

/// <summary>Streams, trailers and upgrades survive the sidecar: gRPC from grpc-js, WebSocket from a .NET client.</summary>
public sealed class StreamingTests
{
    private static string Service(string name, string protocol, int port) => string.Format(
        CultureInfo.InvariantCulture,
        """
        apiVersion: mesh.dev/v1alpha1
        kind: MeshService
        metadata: {{ name: {0} }}
        spec:
          ports: [{{ name: main, port: 8080, protocol: {1} }}]
          endpoints: [{{ address: "127.0.0.1:{2}" }}]
        """,
        name,
        protocol,
        port);

    [Fact]
    public async Task Grpc_server_streaming_and_trailers_pass_through_the_sidecar_intact()
    {
        await using var echo = await EchoServer.StartAsync("echo-upstream");
        await using var mesh = await SidecarScenario.StartAsync(Service("echo", "grpc", echo.Port));
        var target = "127.0.0.1:" + mesh.Sidecar.OutboundPort.ToString(CultureInfo.InvariantCulture);

        var stream = await ChildProcess.RunNodeForJsonAsync(
            TimeSpan.FromSeconds(30), "echo-client.js", "--target", target, "--authority", "echo", "--method", "ServerStream",
            "--requests", """[{"message":"tick","count":5,"delay_ms":20}]""");

        Assert.Equal(0, stream.GetProperty("code").GetInt32());
        var replies = stream.GetProperty("replies");
        Assert.Equal(5, replies.GetArrayLength());
        Assert.All(replies.EnumerateArray(), reply => Assert.Equal("echo-upstream", reply.GetProperty("server").GetString()));

        var failed = await ChildProcess.RunNodeForJsonAsync(
            TimeSpan.FromSeconds(30), "echo-client.js", "--target", target, "--authority", "echo", "--method", "Unary",
            "--requests", """[{"message":"boom","fail_with_code":9}]""");

        Assert.Equal(9, failed.GetProperty("code").GetInt32());
        Assert.Equal("failed as asked: boom", failed.GetProperty("details").GetString());
        Assert.Equal("echo-upstream", failed.GetProperty("trailers").GetProperty("x-failed-by").ToString());
    }

    [Fact]
    public async Task Grpc_bidirectional_stream_flows_both_ways_through_the_sidecar()
    {
        await using var echo = await EchoServer.StartAsync("echo-upstream");
        await using var mesh = await SidecarScenario.StartAsync(Service("echo", "grpc", echo.Port));

        var bidi = await ChildProcess.RunNodeForJsonAsync(
            TimeSpan.FromSeconds(30), "echo-client.js", "--target", "127.0.0.1:" + mesh.Sidecar.OutboundPort.ToString(CultureInfo.InvariantCulture),
            "--authority", "echo", "--method", "Bidi", "--requests", """[{"message":"a"},{"message":"b"},{"message":"c"}]""");

        Assert.Equal(0, bidi.GetProperty("code").GetInt32());
        Assert.Equal(3, bidi.GetProperty("replies").GetArrayLength());
    }

    [Fact]
    public async Task A_websocket_upgrade_becomes_a_duplex_tunnel_to_the_mesh_service()
    {
        await using var chat = await KestrelUpstream.StartAsync(
            async context =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[1024];
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        return;
                    }

                    var text = "echo: " + Encoding.UTF8.GetString(buffer, 0, received.Count);
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            },
            app => app.UseWebSockets());
        await using var mesh = await SidecarScenario.StartAsync(Service("chat", "http", chat.Port));

        using var invoker = new HttpMessageInvoker(new HostHeaderHandler("chat", new SocketsHttpHandler()));
        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{mesh.Sidecar.OutboundPort}/ws"), invoker, CancellationToken.None);
        var reply = new byte[1024];
        foreach (var message in new[] { "one", "two" })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
            var received = await client.ReceiveAsync(reply, CancellationToken.None);
            Assert.Equal("echo: " + message, Encoding.UTF8.GetString(reply, 0, received.Count));
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(WebSocketState.Closed, client.State);
    }

    // The app names the service in the Host header and connects to the sidecar's address.
    private sealed class HostHeaderHandler(string host, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Host = host;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
