using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Discovery;

public sealed class AdsSubscriptionTests : IDisposable
{
    private readonly AdsTestServer _server = new();

    public AdsSubscriptionTests()
    {
        _server.Cache.Publish(_server.Translator.Config(
            "v1",
            (TypeUrls.Listener, "catalog", "a"),
            (TypeUrls.Listener, "basket", "a"),
            (TypeUrls.RouteConfiguration, "catalog", "a"),
            (TypeUrls.RouteConfiguration, "basket", "a"),
            (TypeUrls.Cluster, "catalog", "a"),
            (TypeUrls.ClusterLoadAssignment, "catalog", "a"),
            (TypeUrls.ClusterLoadAssignment, "basket", "a")));
    }

    [Theory]
    [InlineData(TypeUrls.Listener)]
    [InlineData(TypeUrls.Cluster)]
    public async Task Empty_first_listener_or_cluster_request_subscribes_to_every_resource(string typeUrl)
    {
        var client = _server.Connect();

        var response = await client.SubscribeAsync(typeUrl);

        Assert.Equal(typeUrl, response.TypeUrl);
        var expected = typeUrl == TypeUrls.Listener ? new[] { "basket=a", "catalog=a" } : ["catalog=a"];
        Assert.Equal(expected, AdsTestClient.Contents(response));
    }

    [Theory]
    [InlineData(TypeUrls.RouteConfiguration)]
    [InlineData(TypeUrls.ClusterLoadAssignment)]
    public async Task Named_route_or_endpoint_subscription_receives_only_those_names(string typeUrl)
    {
        var client = _server.Connect();

        var response = await client.SubscribeAsync(typeUrl, "catalog");

        Assert.Equal(["catalog=a"], AdsTestClient.Contents(response));
    }

    [Theory]
    [InlineData(TypeUrls.RouteConfiguration)]
    [InlineData(TypeUrls.ClusterLoadAssignment)]
    public async Task Empty_route_or_endpoint_request_subscribes_to_nothing_and_is_still_answered(string typeUrl)
    {
        var client = _server.Connect();

        var response = await client.SubscribeAsync(typeUrl);

        Assert.Equal(typeUrl, response.TypeUrl);
        Assert.Empty(response.Resources);
    }

    [Fact]
    public async Task Subscription_to_a_missing_listener_is_answered_without_it()
    {
        var client = _server.Connect();

        var response = await client.SubscribeAsync(TypeUrls.Listener, "missing", "catalog");

        Assert.Equal(["catalog=a"], AdsTestClient.Contents(response));
    }

    [Fact]
    public async Task Removing_a_name_sends_the_reduced_set()
    {
        var client = _server.Connect();
        var both = await client.SubscribeAsync(TypeUrls.ClusterLoadAssignment, "basket", "catalog");

        await client.AckAsync(both, "catalog");
        var reduced = await client.ReadAsync();

        Assert.Equal(["catalog=a"], AdsTestClient.Contents(reduced));
        Assert.NotEqual(both.VersionInfo, reduced.VersionInfo);
    }

    [Fact]
    public async Task Adding_a_name_sends_the_grown_set()
    {
        var client = _server.Connect();
        var one = await client.SubscribeAsync(TypeUrls.RouteConfiguration, "catalog");

        await client.AckAsync(one, "catalog", "basket");
        var grown = await client.ReadAsync();

        Assert.Equal(["basket=a", "catalog=a"], AdsTestClient.Contents(grown));
    }

    [Fact]
    public async Task Ack_with_unchanged_names_sends_nothing()
    {
        var client = _server.Connect();
        var response = await client.SubscribeAsync(TypeUrls.Listener);

        await client.AckAsync(response);

        await client.ExpectNoResponseAsync();
    }

    [Fact]
    public async Task Nonces_are_unique_per_stream_and_versions_are_content_hashes()
    {
        var client = _server.Connect();

        var listeners = await client.SubscribeAsync(TypeUrls.Listener);
        var clusters = await client.SubscribeAsync(TypeUrls.Cluster);

        Assert.NotEqual(listeners.Nonce, clusters.Nonce);
        Assert.Matches("^[0-9a-f]{16}$", listeners.VersionInfo);
        Assert.NotEqual(listeners.VersionInfo, clusters.VersionInfo);
    }

    [Fact]
    public async Task Renewed_subscription_on_a_new_stream_gets_the_same_version()
    {
        var first = _server.Connect("web-1");
        var before = await first.SubscribeAsync(TypeUrls.Listener);
        first.Stream.CompleteRequests();
        await first.Call;

        var second = _server.Connect("web-1");
        var after = await second.SubscribeAsync(TypeUrls.Listener);

        Assert.Equal(before.VersionInfo, after.VersionInfo);
    }

    [Fact]
    public async Task Request_carrying_a_nonce_from_an_earlier_stream_is_answered_as_a_subscription()
    {
        var client = _server.Connect();

        await client.SendAsync(new() { TypeUrl = TypeUrls.Cluster, VersionInfo = "0123456789abcdef", ResponseNonce = "41" });

        Assert.Equal(["catalog=a"], AdsTestClient.Contents(await client.ReadAsync()));
    }

    [Fact]
    public async Task Sessions_share_the_cached_resource_instances()
    {
        var a = _server.Connect("web-1");
        var b = _server.Connect("web-2");

        var fromA = await a.SubscribeAsync(TypeUrls.Listener);
        var fromB = await b.SubscribeAsync(TypeUrls.Listener);

        Assert.Same(fromA.Resources[0], fromB.Resources[0]);
    }

    public void Dispose() => _server.Dispose();
}
