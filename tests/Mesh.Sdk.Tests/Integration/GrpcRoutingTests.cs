using Mesh.Sdk.Hosting;
using Mesh.Test.Echo;
using Mesh.Testing;
using Mesh.Xds.Grpc;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>gRPC over HTTP/2 through the mesh handler to real grpc-js servers, split by subset weights from a real mesh-cp.</summary>
public sealed class GrpcRoutingTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _configDirectory = Directory.CreateTempSubdirectory("mesh-sdk-grpc-").FullName;
    private EchoServer _v1 = null!;
    private EchoServer _v2 = null!;
    private ControlPlaneProcess _controlPlane = null!;

    public async Task InitializeAsync()
    {
        var servers = await Task.WhenAll(EchoServer.StartAsync("v1"), EchoServer.StartAsync("v2"));
        (_v1, _v2) = (servers[0], servers[1]);
        EchoMeshConfig.Write(_configDirectory, _v1.Port, _v2.Port, 75, 25);
        _controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
    }

    public async Task DisposeAsync()
    {
        await _controlPlane.DisposeAsync();
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
        Directory.Delete(_configDirectory, recursive: true);
    }

    [Fact]
    public async Task Unary_calls_through_a_factory_handler_split_by_subset_weight()
    {
        await using var app = MeshApp.ForControlPlane(_controlPlane.XdsAddress, Directory.CreateTempSubdirectory().FullName);
        using var channel = new GrpcClientChannel(
            new Uri("http://echo:50051"),
            new GrpcClientOptions { HttpHandler = app.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("echo") });

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            var reply = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Message = $"m{i}" }).WaitAsync(Timeout);
            Assert.Equal($"m{i}", reply.Message);
            counts[reply.Server] = counts.GetValueOrDefault(reply.Server) + 1;
        }

        Assert.InRange(counts.GetValueOrDefault("v1"), 700, 800);
        Assert.Equal(1000, counts.GetValueOrDefault("v1") + counts.GetValueOrDefault("v2"));
    }

    [Fact]
    public async Task Server_streams_through_a_hand_built_handler_stay_on_one_server_and_split_by_weight()
    {
        await using var app = MeshApp.ForControlPlane(_controlPlane.XdsAddress, Directory.CreateTempSubdirectory().FullName);
        using var channel = new GrpcClientChannel(
            new Uri("http://echo.default"),
            new GrpcClientOptions { HttpHandler = MeshHttpHandler.Create(app.Services), DisposeHttpHandler = true });

        var streamsByServer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            using var call = channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = $"s{i}", Count = 3 });
            var servers = new HashSet<string>(StringComparer.Ordinal);
            var messages = 0;
            while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout))
            {
                Assert.Equal($"s{i}-{messages}", call.ResponseStream.Current.Message);
                servers.Add(call.ResponseStream.Current.Server);
                messages++;
            }

            Assert.Equal(3, messages);
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
            var server = Assert.Single(servers);
            streamsByServer[server] = streamsByServer.GetValueOrDefault(server) + 1;
        }

        Assert.InRange(streamsByServer.GetValueOrDefault("v1"), 125, 175);
    }
}
