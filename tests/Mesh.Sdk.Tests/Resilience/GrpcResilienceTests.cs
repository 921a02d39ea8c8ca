using System.Diagnostics;
using Mesh.Sdk.Hosting;
using Mesh.Sdk.Tests.Integration;
using Mesh.Test.Echo;
using Mesh.Testing;
using Mesh.Xds.Grpc;

namespace Mesh.Sdk.Tests.Resilience;

/// <summary>
/// Resilience for gRPC callers through a real mesh-cp and grpc-js servers: a route's timeout reaches the server
/// as <c>grpc-timeout</c>, and the mesh's own answers arrive as gRPC statuses.
/// </summary>
public sealed class GrpcResilienceTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task A_route_timeout_travels_to_the_grpc_server_as_its_deadline()
    {
        await using var server = await EchoServer.StartAsync("slow-echo");
        await fixture.ApplyAsync("deadline.yaml", GrpcService("deadline", "timeout: 400ms", server.Port));
        await using var app = fixture.CreateApp();
        using var channel = Channel(app, "deadline");
        await WarmUpAsync(channel, "slow-echo");

        var started = Stopwatch.GetTimestamp();
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "slow", DelayMs = 5000 }).WaitAsync(TimeSpan.FromSeconds(10)));
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2));
        var cancelled = await server.Process.WaitForJsonAsync(line => line.TryGetProperty("event", out var e) && e.GetString() == "cancelled", TimeSpan.FromSeconds(5));
        Assert.NotEqual("Infinity", cancelled.GetProperty("deadline").GetString());
    }

    [Fact]
    public async Task An_injected_abort_reaches_a_grpc_caller_as_the_configured_status()
    {
        await using var server = await EchoServer.StartAsync("aborted-echo");
        await fixture.ApplyAsync("aborted.yaml", GrpcService("aborted", "fault: { abort: { percent: 100, grpcStatus: resource_exhausted } }", server.Port));
        await using var app = fixture.CreateApp();
        using var channel = Channel(app, "aborted");

        var failure = await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "x" });
                    return StatusCode.OK;
                }
                catch (RpcException exception)
                {
                    return exception.StatusCode;
                }
            },
            code => code == StatusCode.ResourceExhausted,
            "the abort reaching the caller");

        Assert.Equal(StatusCode.ResourceExhausted, failure);
    }

    [Fact]
    public async Task A_trailers_only_unavailable_is_retried_on_the_other_endpoint()
    {
        await using var failing = await EchoServer.StartAsync("failing-echo", "--always-fail");
        await using var healthy = await EchoServer.StartAsync("healthy-echo");
        await fixture.ApplyAsync("retried.yaml", GrpcService("retried", "retries: { attempts: 1, retryOn: [unavailable] }", failing.Port, healthy.Port));
        await using var app = fixture.CreateApp();
        using var channel = Channel(app, "retried");
        await WarmUpAsync(channel, "healthy-echo");

        // Few enough calls that the retry budget's floor covers every retry.
        for (var i = 0; i < 8; i++)
        {
            var reply = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = $"m{i}" }).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("healthy-echo", reply.Server);
            Assert.Equal($"m{i}", reply.Message);
        }
    }

    // A gRPC MeshService on the given grpc-js servers, with one route to all of them that adds `rule`.
    private static string GrpcService(string name, string rule, params int[] ports)
    {
        var endpoints = string.Concat(ports.Select(port => $"    - {{ address: \"127.0.0.1:{port}\" }}\n"));
        return $$"""
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: {{name}} }
            spec:
              ports: [{ name: grpc, port: 50051, protocol: grpc }]
              endpoints:
            {{endpoints}}---
            {{MeshConfigFiles.Header}}kind: TrafficRoute
            metadata: { name: {{name}} }
            spec:
              service: {{name}}
              rules:
                - destinations: [{ weight: 1 }]
                  {{rule}}

            """;
    }

    private static GrpcClientChannel Channel(MeshApp app, string service) => new(
        new Uri($"http://{service}:50051"),
        new GrpcClientOptions { HttpHandler = MeshHttpHandler.Create(app.Services), DisposeHttpHandler = true });

    // The first call also opens the HTTP/2 connection, which on a busy machine can outlast a short route timeout.
    private static async Task WarmUpAsync(GrpcClientChannel channel, string server) =>
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    return (await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "warm" })).Server;
                }
                catch (RpcException exception)
                {
                    return exception.Status.Detail;
                }
            },
            answered => answered == server,
            $"{server} answering through the mesh");
}
