using Envoy.Config.Core.V3;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Translation;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Discovery;

public sealed class AdsLifecycleTests : IDisposable
{
    private readonly AdsTestServer _server = new();

    public AdsLifecycleTests()
    {
        _server.Cache.Publish(_server.Translator.Config("v1", (TypeUrls.Listener, "catalog", "a")));
    }

    [Fact]
    public async Task First_request_without_node_ends_the_call_with_InvalidArgument_naming_node()
    {
        var stream = new InMemoryAdsStream("ipv4:127.0.0.1:50002");
        using var _ = stream;
        await stream.SendAsync(new() { TypeUrl = TypeUrls.Listener });

        var error = await Assert.ThrowsAsync<RpcException>(
            () => _server.Service.StreamAggregatedResourcesAsync(stream, stream, stream.Context));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("has no node", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:50002", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _server.Registry.Count);
    }

    [Fact]
    public async Task First_request_with_an_empty_node_id_ends_the_call_with_InvalidArgument()
    {
        var client = _server.Connect(new Node { Cluster = "shop" });
        await client.SendAsync(new() { TypeUrl = TypeUrls.Listener });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Call);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("node.id", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_without_type_url_ends_the_call_with_InvalidArgument()
    {
        var client = _server.Connect();
        await client.SubscribeAsync(TypeUrls.Listener);

        await client.SendAsync(new());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("type_url", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _server.Registry.Count);
    }

    [Fact]
    public async Task Connected_client_is_described_in_the_registry()
    {
        var client = _server.Connect();
        var response = await client.SubscribeAsync(TypeUrls.Listener);
        await client.ExpectNoResponseAsync();

        var status = Assert.Single(_server.Registry.Snapshot());
        Assert.Equal("web-1", status.NodeId);
        Assert.Equal("shop", status.Cluster);
        Assert.Equal("grpc-node-js/1.14.0", status.UserAgent);
        Assert.Equal(ClientKind.GrpcProxyless, status.Kind);
        Assert.Equal(new XdsLocality("eu-west-1", "eu-west-1a", string.Empty), status.Locality);
        Assert.Equal("ipv4:127.0.0.1:50001", status.Peer);
        Assert.Equal(_server.Time.GetUtcNow(), status.ConnectedAt);
        var lds = Assert.Single(status.Types, t => t.TypeUrl == TypeUrls.Listener);
        Assert.Equal(["*"], lds.Subscribed);
        Assert.Equal(response.VersionInfo, lds.LastSentVersion);
        Assert.Null(lds.AckedVersion);
    }

    [Fact]
    public async Task Client_closing_its_stream_is_removed_from_the_registry()
    {
        var client = _server.Connect();
        await client.SubscribeAsync(TypeUrls.Listener);
        Assert.Equal(1, _server.Registry.Count);

        client.Stream.CompleteRequests();
        await client.Call;

        Assert.Equal(0, _server.Registry.Count);
        Assert.Contains(_server.Logger.Entries, e => e.Message.Contains("web-1 at ipv4:127.0.0.1:50001 disconnected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_cancelling_the_call_ends_it_quietly_and_leaves_the_registry()
    {
        var client = _server.Connect();
        await client.SubscribeAsync(TypeUrls.Listener);

        await client.Stream.CancelAsync();
        await client.Call;

        Assert.Equal(0, _server.Registry.Count);
    }

    [Fact]
    public async Task Server_shutdown_ends_the_call_with_Unavailable()
    {
        var client = _server.Connect();
        await client.SubscribeAsync(TypeUrls.Listener);

        _server.Lifetime.StopApplication();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Call);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(0, _server.Registry.Count);
    }

    [Fact]
    public async Task Recent_nacks_outlive_the_client()
    {
        var client = _server.Connect();
        var response = await client.SubscribeAsync(TypeUrls.Listener);
        await client.NackAsync(response, string.Empty, "listener catalog: missing api_listener");
        await client.ExpectNoResponseAsync();

        client.Stream.CompleteRequests();
        await client.Call;

        var nack = Assert.Single(_server.Registry.RecentNacks());
        Assert.Equal("web-1", nack.NodeId);
        Assert.Equal("listener catalog: missing api_listener", nack.Nack.Error);
    }

    public void Dispose() => _server.Dispose();
}
