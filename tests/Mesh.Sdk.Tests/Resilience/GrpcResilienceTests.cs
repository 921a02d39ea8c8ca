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
        await fixture.ApplyAsync("deadline.yaml", $$"""
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: deadline }
            spec:
              ports: [{ name: grpc, port: 50051, protocol: grpc }]
              endpoints:
                - { address: "127.0.0.1:{{server.Port}}" }
            ---
            {{MeshConfigFiles.Header}}kind: TrafficRoute
            metadata: { name: deadline }
            spec:
              service: deadline
              rules:
                - destinations: [{ weight: 1 }]
                  timeout: 400ms

            """);
        await using var app = fixture.CreateApp();
        using var channel = new GrpcClientChannel(
            new Uri("http://deadline:50051"),
            new GrpcClientOptions { HttpHandler = MeshHttpHandler.Create(app.Services), DisposeHttpHandler = true });
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
        await fixture.ApplyAsync("aborted.yaml", $$"""
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: aborted }
            spec:
              ports: [{ name: grpc, port: 50051, protocol: grpc }]
              endpoints:
                - { address: "127.0.0.1:{{server.Port}}" }
            ---
            {{MeshConfigFiles.Header}}kind: TrafficRoute
            metadata: { name: aborted }
            spec:
              service: aborted
              rules:
                - destinations: [{ weight: 1 }]
                  fault: { abort: { percent: 100, grpcStatus: resource_exhausted } }

            """);
        await using var app = fixture.CreateApp();
        using var channel = new GrpcClientChannel(
            new Uri("http://aborted:50051"),
            new GrpcClientOptions { HttpHandler = MeshHttpHandler.Create(app.Services), DisposeHttpHandler = true });

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
        await fixture.ApplyAsync("retried.yaml", $$"""
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: retried }
            spec:
              ports: [{ name: grpc, port: 50051, protocol: grpc }]
              endpoints:
                - { address: "127.0.0.1:{{failing.Port}}" }
                - { address: "127.0.0.1:{{healthy.Port}}" }
            ---
            {{MeshConfigFiles.Header}}kind: TrafficRoute
            metadata: { name: retried }
            spec:
              service: retried
              rules:
                - destinations: [{ weight: 1 }]
                  retries: { attempts: 1, retryOn: [unavailable] }

            """);
        await using var app = fixture.CreateApp();
        using var channel = new GrpcClientChannel(
            new Uri("http://retried:50051"),
            new GrpcClientOptions { HttpHandler = MeshHttpHandler.Create(app.Services), DisposeHttpHandler = true });
        await WarmUpAsync(channel, "healthy-echo");

        // Few enough calls that the retry budget's floor covers every retry.
        for (var i = 0; i < 8; i++)
        {
            var reply = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = $"m{i}" }).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("healthy-echo", reply.Server);
            Assert.Equal($"m{i}", reply.Message);
        }
    }

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
