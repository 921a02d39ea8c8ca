using System.Net;
using Google.Protobuf;
using Mesh.Test.Echo;
using Mesh.Xds.Grpc;
using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>Our server and client against hand-made HTTP/2 exchanges, for the corners real peers rarely hit.</summary>
public sealed class ServerProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly HttpClient _http = new();
    private KestrelEchoServer _server = null!;

    public async Task InitializeAsync() => _server = await KestrelEchoServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Compressed_request_message_is_rejected_with_internal()
    {
        using var response = await SendAsync("application/grpc", [1, 0, 0, 0, 1, 0]);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("13", StatusOf(response));
    }

    [Fact]
    public async Task Grpc_proto_content_type_is_accepted()
    {
        var request = new EchoRequest { Message = "proto" };
        var body = new byte[5 + request.CalculateSize()];
        body[4] = (byte)request.CalculateSize();
        request.WriteTo(body.AsSpan(5));

        using var response = await SendAsync("application/grpc+proto", body);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("0", StatusOf(response));
        Assert.Equal("proto", EchoReply.Parser.ParseFrom(bytes.AsSpan(5)).Message);
    }

    [Fact]
    public async Task Unmapped_path_answers_unimplemented_in_a_trailers_only_response()
    {
        using var response = await SendAsync("application/grpc", [0, 0, 0, 0, 0], path: "/mesh.test.echo.Echo/Nope");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
        Assert.Contains("/mesh.test.echo.Echo/Nope", response.Headers.GetValues("grpc-message").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_grpc_content_type_is_refused_with_415()
    {
        using var response = await SendAsync("application/json", "{}"u8.ToArray());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Unparseable_grpc_timeout_leaves_the_call_without_a_deadline()
    {
        using var response = await SendAsync("application/grpc", [0, 0, 0, 0, 0], timeout: "soon");
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("0", StatusOf(response));
        Assert.Equal(DateTime.MaxValue, (await _server.Service.FirstCall).Deadline);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, StatusCode.Unimplemented)]
    [InlineData(HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(HttpStatusCode.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(HttpStatusCode.BadRequest, StatusCode.Internal)]
    [InlineData(HttpStatusCode.Conflict, StatusCode.Unknown)]
    public async Task Client_maps_a_non_200_http_status_to_the_spec_grpc_status(HttpStatusCode http, StatusCode expected)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        await using var app = builder.Build();
        app.MapPost("/mesh.test.echo.Echo/Unary", (HttpContext context) => context.Response.StatusCode = (int)http);
        await app.StartAsync();
        using var channel = new GrpcClientChannel(new Uri(app.Urls.First()));

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest()).WaitAsync(Timeout));

        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains(((int)http).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Status.Detail, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Client_treats_an_ok_unary_response_without_a_message_as_internal()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        await using var app = builder.Build();
        app.MapPost("/mesh.test.echo.Echo/Unary", (HttpContext context) =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "0";
        });
        await app.StartAsync();
        using var channel = new GrpcClientChannel(new Uri(app.Urls.First()));

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest()).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        await app.StopAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(string contentType, byte[] body, string? timeout = null, string? path = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.Address, path ?? EchoMethods.Unary.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (timeout is not null)
        {
            request.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, timeout);
        }

        return await _http.SendAsync(request).WaitAsync(Timeout);
    }

    private static string? StatusOf(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.First()
        : null;
}
