using System.Text.Json;
using Mesh.Xds.Grpc;
using Mesh.Testing;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>A grpc-js client (tests/interop/echo-client.js) against our server on Kestrel.</summary>
public sealed class GrpcJsClientInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private KestrelEchoServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await KestrelEchoServer.StartAsync("dotnet-js", o => o.MaxReceiveMessageSize = 64 * 1024);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Grpc_js_unary_call_gets_our_reply_and_trailers()
    {
        var result = await RunAsync("Unary", """[{"message":"hi","reply_size":5}]""", "--metadata", """{"x-tenant":"green"}""");

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        var reply = result.GetProperty("replies")[0];
        Assert.Equal("hi", reply.GetProperty("message").GetString());
        Assert.Equal("dotnet-js", reply.GetProperty("server").GetString());
        Assert.Equal(5, reply.GetProperty("payloadLength").GetInt32());
        Assert.Equal("dotnet-js", result.GetProperty("trailers").GetProperty("x-served-by").GetString());
        Assert.Equal("green", (await _server.Service.FirstCallHeaders).GetValue("x-tenant"));
    }

    [Fact]
    public async Task Grpc_js_server_streaming_call_gets_every_message()
    {
        var result = await RunAsync("ServerStream", """[{"message":"s","count":3}]""");

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal(["s-0", "s-1", "s-2"], Messages(result));
    }

    [Fact]
    public async Task Grpc_js_client_streaming_call_sends_every_message()
    {
        var result = await RunAsync("ClientStream", """[{"message":"a"},{"message":"b"},{"message":"c"}]""");

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal(["a,b,c"], Messages(result));
    }

    [Fact]
    public async Task Grpc_js_bidi_call_gets_an_answer_per_message()
    {
        var result = await RunAsync("Bidi", """[{"message":"x"},{"message":"y"}]""");

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal(["x", "y"], Messages(result));
    }

    [Fact]
    public async Task Grpc_js_sees_our_error_status_and_custom_trailers()
    {
        var result = await RunAsync("Unary", """[{"message":"bad 10%","fail_with_code":9}]""");

        Assert.Equal(9, result.GetProperty("code").GetInt32());
        Assert.Equal("failed as asked: bad 10%", result.GetProperty("details").GetString());
        Assert.Equal("dotnet-js", result.GetProperty("trailers").GetProperty("x-failed-by").GetString());
    }

    [Fact]
    public async Task Grpc_js_sees_a_stream_error_after_the_messages()
    {
        var result = await RunAsync("ServerStream", """[{"message":"s","count":2,"fail_with_code":10}]""");

        Assert.Equal(10, result.GetProperty("code").GetInt32());
        Assert.Equal(["s-0", "s-1"], Messages(result));
        Assert.Equal("s", result.GetProperty("trailers").GetProperty("x-request-message").GetString());
    }

    [Fact]
    public async Task Grpc_js_deadline_cancels_our_handler()
    {
        var result = await RunAsync("ServerStream", """[{"message":"slow","count":2,"delay_ms":20000}]""", "--deadline-ms", "2000");

        Assert.Equal((int)StatusCode.DeadlineExceeded, result.GetProperty("code").GetInt32());
        Assert.Equal(["slow-0"], Messages(result));
        Assert.Equal("ServerStream", await _server.Service.Cancelled.WaitAsync(Timeout));
        var context = await _server.Service.FirstCall;
        Assert.NotEqual(DateTime.MaxValue, context.Deadline);
    }

    [Fact]
    public async Task Grpc_js_cancellation_cancels_our_handler()
    {
        var result = await RunAsync("Bidi", """[{"message":"first"},{"message":"wait","delay_ms":20000}]""", "--keep-open", "--cancel-after-replies", "1");

        Assert.Equal((int)StatusCode.Cancelled, result.GetProperty("code").GetInt32());
        Assert.Equal(["first"], Messages(result));
        Assert.Equal("Bidi", await _server.Service.Cancelled.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Grpc_js_request_over_our_limit_is_resource_exhausted()
    {
        var big = new string('x', 70_000);
        var result = await RunAsync("Unary", $$"""[{"message":"{{big}}"}]""");

        Assert.Equal((int)StatusCode.ResourceExhausted, result.GetProperty("code").GetInt32());
        Assert.Contains("vs. 65536", result.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_reply_over_the_grpc_js_limit_is_resource_exhausted()
    {
        var result = await RunAsync("Unary", """[{"message":"m","reply_size":5000}]""", "--max-receive", "1000");

        Assert.Equal((int)StatusCode.ResourceExhausted, result.GetProperty("code").GetInt32());
    }

    private Task<JsonElement> RunAsync(string method, string requests, params string[] extra) =>
        ChildProcess.RunNodeForJsonAsync(Timeout, "echo-client.js",
            ["--target", $"127.0.0.1:{_server.Port}", "--method", method, "--requests", requests, .. extra]);

    private static List<string?> Messages(JsonElement result)
    {
        var messages = new List<string?>();
        foreach (var reply in result.GetProperty("replies").EnumerateArray())
        {
            messages.Add(reply.GetProperty("message").GetString());
        }

        return messages;
    }
}
