using Mesh.Test.Echo;
using Mesh.Xds.Grpc;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>Our client against our server over h2c on loopback.</summary>
public sealed class ClientServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private KestrelEchoServer _server = null!;
    private GrpcClientChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await KestrelEchoServer.StartAsync("dotnet-1", o => o.MaxReceiveMessageSize = 64 * 1024);
        _channel = new GrpcClientChannel(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Unary_returns_the_reply_and_reports_the_caller_as_peer()
    {
        var reply = await _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "hi", ReplySize = 10 }).WaitAsync(Timeout);

        Assert.Equal("hi", reply.Message);
        Assert.Equal("dotnet-1", reply.Server);
        Assert.Equal(10, reply.Payload.Length);
        var context = await _server.Service.FirstCall;
        Assert.StartsWith("ipv4:127.0.0.1:", context.Peer, StringComparison.Ordinal);
        Assert.Equal("/mesh.test.echo.Echo/Unary", context.Method);
    }

    [Fact]
    public async Task Request_metadata_reaches_the_handler()
    {
        var headers = new Metadata { { "x-tenant", "blue" } };
        await _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "hi" }, new CallOptions(headers)).WaitAsync(Timeout);

        var received = await _server.Service.FirstCallHeaders;
        Assert.Equal("blue", received.GetValue("x-tenant"));
        Assert.Null(received.GetValue("content-type"));
        Assert.Null(received.GetValue("grpc-timeout"));
    }

    [Fact]
    public async Task Reserved_header_in_call_metadata_is_refused_naming_it()
    {
        var headers = new Metadata { { "grpc-timeout", "1S" } };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest(), new CallOptions(headers)));

        Assert.Contains("grpc-timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_streaming_delivers_every_message_then_ok_with_trailers()
    {
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "s", Count = 3 });
        var messages = new List<string>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout))
        {
            messages.Add(call.ResponseStream.Current.Message);
        }

        Assert.Equal(["s-0", "s-1", "s-2"], messages);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.NotNull(await call.ResponseHeadersAsync);
    }

    [Fact]
    public async Task Server_streaming_messages_arrive_before_the_handler_finishes()
    {
        using var call = _channel.ServerStream(new EchoRequest { Message = "slow", Count = 2, DelayMs = 30_000 });

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal("slow-0", call.ResponseStream.Current.Message);
        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
    }

    [Fact]
    public async Task Client_streaming_collects_every_request()
    {
        using var call = _channel.ClientStreaming(EchoMethods.ClientStream);
        foreach (var message in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = message }).WaitAsync(Timeout);
        }

        await call.RequestStream.CompleteAsync();
        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("a,b,c", reply.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Client_streaming_with_no_requests_gets_an_empty_reply()
    {
        using var call = _channel.ClientStreaming(EchoMethods.ClientStream);
        await call.RequestStream.CompleteAsync();

        Assert.Equal(string.Empty, (await call.ResponseAsync.WaitAsync(Timeout)).Message);
    }

    [Fact]
    public async Task Duplex_streaming_answers_each_request_while_the_request_stream_stays_open()
    {
        using var call = _channel.DuplexStreaming(EchoMethods.Bidi);
        foreach (var message in new[] { "one", "two", "three" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = message }).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
            Assert.Equal(message, call.ResponseStream.Current.Message);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Handler_rpc_exception_reaches_the_client_with_its_status_and_trailers()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "bad 100%\tdone", FailWithCode = (int)StatusCode.NotFound }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("failed as asked: bad 100%\tdone", ex.Status.Detail);
        Assert.Equal("dotnet-1", ex.Trailers.GetValue("x-failed-by"));
    }

    [Fact]
    public async Task Error_after_streamed_messages_arrives_in_trailers()
    {
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "s", Count = 2, FailWithCode = (int)StatusCode.Aborted });

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("dotnet-1", ex.Trailers.GetValue("x-failed-by"));
        Assert.Equal(StatusCode.Aborted, call.GetStatus().StatusCode);
        Assert.Equal("s", call.GetTrailers().GetValue("x-request-message"));
    }

    [Fact]
    public async Task Handler_crash_becomes_unknown_without_leaking_the_exception()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "crash" }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("secret", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_method_is_unimplemented()
    {
        var missing = new Method<EchoRequest, EchoReply>(MethodType.Unary, "mesh.test.echo.Echo", "Missing", EchoRequest.Parser, EchoReply.Parser);

        var ex = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(missing, new EchoRequest()).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task Client_deadline_ends_the_call_with_deadline_exceeded_and_the_server_sees_cancellation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var channel = new GrpcClientChannel(_server.Address, new GrpcClientOptions { TimeProvider = time });
        var call = channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "slow", DelayMs = 60_000 }, new CallOptions(Deadline: time.GetUtcNow().UtcDateTime.AddSeconds(30)));
        await _server.Service.FirstCall.WaitAsync(Timeout);

        time.Advance(TimeSpan.FromSeconds(31));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Timeout));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal("Unary", await _server.Service.Cancelled.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Deadline_already_past_fails_without_calling_the_server()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))).WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.False(_server.Service.FirstCall.IsCompleted);
    }

    [Fact]
    public async Task Server_deadline_cancels_the_handler_and_ends_the_call_with_deadline_exceeded()
    {
        var serverTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await KestrelEchoServer.StartAsync("timed", timeProvider: serverTime);
        using var channel = new GrpcClientChannel(server.Address);
        using var call = channel.DuplexStreaming(EchoMethods.Bidi, new CallOptions(Deadline: DateTime.UtcNow.AddMinutes(10)));
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "slow", DelayMs = 600_000 }).WaitAsync(Timeout);
        var context = await server.Service.FirstCall.WaitAsync(Timeout);
        Assert.InRange(context.Deadline, serverTime.GetUtcNow().UtcDateTime.AddMinutes(9), serverTime.GetUtcNow().UtcDateTime.AddMinutes(10));

        serverTime.Advance(TimeSpan.FromMinutes(11));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal("Bidi", await server.Service.Cancelled.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Cancelling_the_client_token_cancels_the_call_and_the_server_handler()
    {
        using var cts = new CancellationTokenSource();
        using var call = _channel.DuplexStreaming(EchoMethods.Bidi, new CallOptions(CancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "wait", DelayMs = 600_000 }).WaitAsync(Timeout);
        await _server.Service.FirstCall.WaitAsync(Timeout);

        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal("Bidi", await _server.Service.Cancelled.WaitAsync(Timeout));
        await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
    }

    [Fact]
    public async Task Client_reset_while_the_handler_reads_cancels_the_handler_before_kestrel_signals_request_aborted()
    {
        // Kestrel fails the pending body read on RST_STREAM at once but cancels RequestAborted later, from the
        // thread pool; a RequestAborted that never fires holds that window open.
        await using var server = await KestrelEchoServer.StartAsync("late-abort", middleware: app => app.Use((http, next) =>
        {
            http.Features.GetRequiredFeature<IHttpRequestLifetimeFeature>().RequestAborted = CancellationToken.None;
            return next(http);
        }));
        using var channel = new GrpcClientChannel(server.Address);
        using var call = channel.ClientStreaming(EchoMethods.ClientStream);
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "a" }).WaitAsync(Timeout);
        await server.Service.FirstCall.WaitAsync(Timeout);

        call.Dispose();

        Assert.Equal("ClientStream", await server.Service.Cancelled.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Disposing_an_unfinished_call_cancels_it_on_the_server()
    {
        var call = _channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "s", Count = 5, DelayMs = 600_000 });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        call.Dispose();

        Assert.Equal("ServerStream", await _server.Service.Cancelled.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Response_over_the_client_limit_is_resource_exhausted()
    {
        using var channel = new GrpcClientChannel(_server.Address, new GrpcClientOptions { MaxReceiveMessageSize = 1000 });

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "big", ReplySize = 5000 }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("vs. 1000", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_over_the_server_limit_is_resource_exhausted()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = new string('x', 70_000) }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("vs. 65536", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_over_the_client_send_limit_is_refused_before_sending()
    {
        using var channel = new GrpcClientChannel(_server.Address, new GrpcClientOptions { MaxSendMessageSize = 100 });
        using var call = channel.DuplexStreaming(EchoMethods.Bidi);

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest { Message = new string('x', 200) }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("vs. 100", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_over_the_server_send_limit_is_resource_exhausted()
    {
        await using var server = await KestrelEchoServer.StartAsync("small", o => o.MaxSendMessageSize = 100);
        using var channel = new GrpcClientChannel(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { ReplySize = 500 }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task A_stream_may_carry_more_bytes_than_kestrels_request_body_limit()
    {
        await using var server = await KestrelEchoServer.StartAsync("unbounded", maxRequestBodySize: 1000);
        using var channel = new GrpcClientChannel(server.Address);
        using var call = channel.DuplexStreaming(EchoMethods.Bidi);

        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = new string('x', 500) }).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Many_concurrent_calls_share_the_channel()
    {
        var calls = new Task<EchoReply>[50];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        var replies = await Task.WhenAll(calls).WaitAsync(Timeout);

        for (var i = 0; i < replies.Length; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), replies[i].Message);
        }
    }
}

internal static class EchoChannelExtensions
{
    public static AsyncServerStreamingCall<EchoReply> ServerStream(this GrpcClientChannel channel, EchoRequest request) =>
        channel.ServerStreaming(EchoMethods.ServerStream, request);
}
