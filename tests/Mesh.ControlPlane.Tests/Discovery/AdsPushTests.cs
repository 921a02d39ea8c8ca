using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Discovery;

public sealed class AdsPushTests : IDisposable
{
    private readonly AdsTestServer _server = new();

    [Fact]
    public async Task Publishing_an_equal_config_sends_nothing()
    {
        _server.Cache.Publish(_server.Translator.Config("v1", (TypeUrls.Listener, "catalog", "a")));
        var client = _server.Connect();
        var response = await client.SubscribeAsync(TypeUrls.Listener);
        await client.AckAsync(response);

        _server.Cache.Publish(_server.Translator.Config("v1-again", (TypeUrls.Listener, "catalog", "a")));

        await client.ExpectNoResponseAsync();
    }

    [Fact]
    public async Task Changed_resource_is_pushed_only_to_sessions_subscribed_to_it()
    {
        _server.Cache.Publish(_server.Translator.Config(
            "v1",
            (TypeUrls.ClusterLoadAssignment, "catalog", "a"),
            (TypeUrls.ClusterLoadAssignment, "basket", "a")));
        var catalogClient = _server.Connect("catalog-client");
        var basketClient = _server.Connect("basket-client");
        var catalogBefore = await catalogClient.SubscribeAsync(TypeUrls.ClusterLoadAssignment, "catalog");
        await basketClient.SubscribeAsync(TypeUrls.ClusterLoadAssignment, "basket");

        _server.Cache.Publish(_server.Translator.Config(
            "v2",
            (TypeUrls.ClusterLoadAssignment, "catalog", "b"),
            (TypeUrls.ClusterLoadAssignment, "basket", "a")));

        var catalogAfter = await catalogClient.ReadAsync();
        Assert.Equal(["catalog=b"], AdsTestClient.Contents(catalogAfter));
        Assert.NotEqual(catalogBefore.VersionInfo, catalogAfter.VersionInfo);
        await basketClient.ExpectNoResponseAsync();
    }

    [Fact]
    public async Task Removed_listener_is_pushed_as_a_response_without_it()
    {
        _server.Cache.Publish(_server.Translator.Config(
            "v1",
            (TypeUrls.Listener, "catalog", "a"),
            (TypeUrls.Listener, "basket", "a")));
        var client = _server.Connect();
        await client.SubscribeAsync(TypeUrls.Listener);

        _server.Cache.Publish(_server.Translator.Config("v2", (TypeUrls.Listener, "catalog", "a")));

        Assert.Equal(["catalog=a"], AdsTestClient.Contents(await client.ReadAsync()));
    }

    [Fact]
    public async Task Subscriptions_made_before_the_first_publish_are_answered_by_it()
    {
        var client = _server.Connect();
        await client.SendAsync(new() { TypeUrl = TypeUrls.Listener });

        _server.Cache.Publish(_server.Translator.Config("v1", (TypeUrls.Listener, "catalog", "a")));

        var response = await client.ReadAsync();
        Assert.Equal(TypeUrls.Listener, response.TypeUrl);
        Assert.Equal(["catalog=a"], AdsTestClient.Contents(response));
    }

    [Fact]
    public async Task Clusters_are_pushed_before_endpoints_listeners_and_routes()
    {
        _server.Cache.Publish(_server.Translator.Config("v1"));
        var client = _server.Connect();
        await client.SubscribeAsync(TypeUrls.RouteConfiguration, "catalog");
        await client.SubscribeAsync(TypeUrls.Listener);
        await client.SubscribeAsync(TypeUrls.ClusterLoadAssignment, "catalog");
        await client.SubscribeAsync(TypeUrls.Cluster);

        _server.Cache.Publish(_server.Translator.Config(
            "v2",
            (TypeUrls.RouteConfiguration, "catalog", "a"),
            (TypeUrls.Listener, "catalog", "a"),
            (TypeUrls.ClusterLoadAssignment, "catalog", "a"),
            (TypeUrls.Cluster, "catalog", "a")));

        string[] order = [(await client.ReadAsync()).TypeUrl, (await client.ReadAsync()).TypeUrl, (await client.ReadAsync()).TypeUrl, (await client.ReadAsync()).TypeUrl];
        Assert.Equal([TypeUrls.Cluster, TypeUrls.ClusterLoadAssignment, TypeUrls.Listener, TypeUrls.RouteConfiguration], order);
    }

    [Fact]
    public async Task Same_config_yields_the_same_version_on_two_servers()
    {
        using var other = new AdsTestServer();
        _server.Cache.Publish(_server.Translator.Config("v1", (TypeUrls.Listener, "catalog", "a"), (TypeUrls.Listener, "basket", "b")));
        other.Cache.Publish(other.Translator.Config("v1", (TypeUrls.Listener, "basket", "b"), (TypeUrls.Listener, "catalog", "a")));

        var here = await _server.Connect().SubscribeAsync(TypeUrls.Listener);
        var there = await other.Connect().SubscribeAsync(TypeUrls.Listener);

        Assert.Equal(here.VersionInfo, there.VersionInfo);
    }

    public void Dispose() => _server.Dispose();
}
