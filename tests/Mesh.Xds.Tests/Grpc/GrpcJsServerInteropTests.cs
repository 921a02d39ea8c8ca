using Mesh.Test.Echo;
using Mesh.Xds.Grpc;
using Mesh.Testing;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>Our client against a grpc-js server (tests/interop/echo-server.js).</summary>
public sealed class GrpcJsServerInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private EchoServer _node = null!;
    private GrpcClientChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _node = await EchoServer.StartAsync("js-server", "--max-receive", "65536");
        _channel = new GrpcClientChannel(new Uri($"http://127.0.0.1:{_node.Port}"));
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task Unary_call_to_grpc_js_returns_its_reply_and_trailers()
    {
        var reply = await _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "hi", ReplySize = 7 }).WaitAsync(Timeout);

        Assert.Equal("hi", reply.Message);
        Assert.Equal("js-server", reply.Server);
        Assert.Equal(7, reply.Payload.Length);
    }

    [Fact]
    public async Task Server_streaming_from_grpc_js_delivers_every_message()
    {
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "s", Count = 4 });
        var messages = new List<string>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout))
        {
            messages.Add(call.ResponseStream.Current.Message);
        }

        Assert.Equal(["s-0", "s-1", "s-2", "s-3"], messages);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.NotNull((await call.ResponseHeadersAsync).GetValue("date"));
    }

    [Fact]
    public async Task Client_streaming_to_grpc_js_collects_every_request()
    {
        using var call = _channel.ClientStreaming(EchoMethods.ClientStream);
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "a" }).WaitAsync(Timeout);
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "b" }).WaitAsync(Timeout);
        await call.RequestStream.CompleteAsync();

        Assert.Equal("a,b", (await call.ResponseAsync.WaitAsync(Timeout)).Message);
    }

    [Fact]
    public async Task Duplex_streaming_with_grpc_js_answers_each_request_in_turn()
    {
        using var call = _channel.DuplexStreaming(EchoMethods.Bidi);
        foreach (var message in new[] { "one", "two" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = message }).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
            Assert.Equal(message, call.ResponseStream.Current.Message);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Grpc_js_error_reaches_our_client_with_status_and_custom_trailers()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "nope 50%", FailWithCode = (int)StatusCode.PermissionDenied }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("failed as asked: nope 50%", ex.Status.Detail);
        Assert.Equal("js-server", ex.Trailers.GetValue("x-failed-by"));
    }

    [Fact]
    public async Task Grpc_js_stream_error_after_messages_arrives_in_trailers()
    {
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "s", Count = 1, FailWithCode = (int)StatusCode.DataLoss });

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(StatusCode.DataLoss, ex.StatusCode);
        Assert.Equal("s", ex.Trailers.GetValue("x-request-message"));
    }

    [Fact]
    public async Task Deadline_against_grpc_js_is_deadline_exceeded_and_grpc_js_sees_the_call_end()
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "slow", Count = 2, DelayMs = 20_000 }, new CallOptions(Deadline: deadline));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(DateTime.UtcNow >= deadline.AddMilliseconds(-50));
        var seen = await _node.Process.WaitForJsonAsync(j => j.TryGetProperty("event", out _), Timeout);
        Assert.Equal("ServerStream", seen.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Cancelling_our_call_is_seen_by_grpc_js()
    {
        using var cts = new CancellationTokenSource();
        using var call = _channel.DuplexStreaming(EchoMethods.Bidi, new CallOptions(CancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "first" }).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        await cts.CancelAsync();

        var seen = await _node.Process.WaitForJsonAsync(j => j.TryGetProperty("event", out _), Timeout);
        Assert.Equal("cancelled", seen.GetProperty("event").GetString());
        Assert.Equal("Bidi", seen.GetProperty("method").GetString());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task Reply_from_grpc_js_over_our_limit_is_resource_exhausted()
    {
        using var channel = new GrpcClientChannel(new Uri($"http://127.0.0.1:{_node.Port}"), new GrpcClientOptions { MaxReceiveMessageSize = 1000 });

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { ReplySize = 5000 }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("vs. 1000", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_over_the_grpc_js_limit_is_resource_exhausted()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = new string('x', 70_000) }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Unknown_method_on_grpc_js_is_unimplemented()
    {
        var missing = new Method<EchoRequest, EchoReply>(MethodType.Unary, "mesh.test.echo.Echo", "Missing", EchoRequest.Parser, EchoReply.Parser);

        var ex = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(missing, new EchoRequest()).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }
}
