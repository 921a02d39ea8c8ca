using Mesh.Test.Echo;
using Mesh.Xds.Grpc;
using Mesh.Testing;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>gRPC over TLS (ALPN h2) with a self-signed certificate made in the test.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestCertificate _certificate = new();
    private KestrelEchoServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await KestrelEchoServer.StartAsync("dotnet-tls", certificate: _certificate.Certificate);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task Our_client_calls_our_server_over_tls()
    {
        using var channel = new GrpcClientChannel(_server.Address, new GrpcClientOptions { HttpHandler = _certificate.CreateTrustingHandler(), DisposeHttpHandler = true });

        var reply = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "secure" }).WaitAsync(Timeout);

        Assert.Equal("https", _server.Address.Scheme);
        Assert.Equal("secure", reply.Message);
        Assert.Equal("dotnet-tls", reply.Server);
    }

    [Fact]
    public async Task Our_client_refuses_a_server_it_does_not_trust()
    {
        using var channel = new GrpcClientChannel(_server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest()).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.False(_server.Service.FirstCall.IsCompleted);
    }

    [Fact]
    public async Task Grpc_js_calls_our_server_over_tls()
    {
        var result = await ChildProcess.RunNodeForJsonAsync(Timeout, "echo-client.js",
            "--target", $"localhost:{_server.Port}", "--method", "Unary", "--requests", """[{"message":"secure"}]""",
            "--tls-root", _certificate.CertificatePemPath);

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal("dotnet-tls", result.GetProperty("replies")[0].GetProperty("server").GetString());
    }

    [Fact]
    public async Task Our_client_calls_grpc_js_over_tls()
    {
        await using var node = await EchoServer.StartAsync("js-tls", "--tls-cert", _certificate.CertificatePemPath, "--tls-key", _certificate.KeyPemPath);
        using var channel = new GrpcClientChannel(new Uri($"https://localhost:{node.Port}"), new GrpcClientOptions { HttpHandler = _certificate.CreateTrustingHandler(), DisposeHttpHandler = true });

        var reply = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = "secure" }).WaitAsync(Timeout);

        Assert.Equal("js-tls", reply.Server);
    }
}
