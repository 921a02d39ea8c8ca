using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Discovery;

/// <summary>Incremental (delta) ADS: only what the client lacks is sent, and what went away is named.</summary>
public sealed class DeltaAdsTests : IDisposable
{
    private const string ProbeTypeUrl = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";
    private readonly AdsTestServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Wildcard_listeners_arrive_whole_then_only_changes_and_removals()
    {
        _server.Cache.Publish(_server.Translator.Config("a", (TypeUrls.Listener, "l1", "a"), (TypeUrls.Listener, "l2", "b")));
        var (stream, _) = _server.ConnectDelta();
        using var _s = stream;

        var first = await SubscribeAsync(stream, TypeUrls.Listener, withNode: true);
        Assert.Equal(["l1", "l2"], Names(first));
        Assert.Empty(first.RemovedResources);
        await AckAsync(stream, first);

        _server.Cache.Publish(_server.Translator.Config("b", (TypeUrls.Listener, "l1", "a"), (TypeUrls.Listener, "l2", "c"), (TypeUrls.Listener, "l3", "d")));
        var second = await stream.ReadAsync();
        Assert.Equal(["l2", "l3"], Names(second));
        Assert.Equal("l2=c", second.Resources[0].Resource_.Unpack<StringValue>().Value);
        await AckAsync(stream, second);

        _server.Cache.Publish(_server.Translator.Config("c", (TypeUrls.Listener, "l1", "a"), (TypeUrls.Listener, "l3", "d")));
        var third = await stream.ReadAsync();
        Assert.Empty(third.Resources);
        Assert.Equal(["l2"], third.RemovedResources);
    }

    [Fact]
    public async Task Named_subscriptions_grow_and_shrink_without_resending_what_the_client_has()
    {
        _server.Cache.Publish(_server.Translator.Config(
            "a", (TypeUrls.RouteConfiguration, "r1", "a"), (TypeUrls.RouteConfiguration, "r2", "b"), (TypeUrls.RouteConfiguration, "r3", "c")));
        var (stream, _) = _server.ConnectDelta();
        using var _s = stream;

        var first = await SubscribeAsync(stream, TypeUrls.RouteConfiguration, withNode: true, "r1");
        Assert.Equal(["r1"], Names(first));
        await AckAsync(stream, first, subscribe: ["r2"]);
        var added = await stream.ReadAsync();
        Assert.Equal(["r2"], Names(added));
        await AckAsync(stream, added, unsubscribe: ["r1"]);
        await ExpectNoResponseAsync(stream, "before-change");

        _server.Cache.Publish(_server.Translator.Config(
            "b", (TypeUrls.RouteConfiguration, "r1", "changed"), (TypeUrls.RouteConfiguration, "r2", "b"), (TypeUrls.RouteConfiguration, "r3", "c")));
        await ExpectNoResponseAsync(stream, "after-change");
    }

    [Fact]
    public async Task A_reconnecting_client_gets_only_resources_whose_version_it_does_not_hold()
    {
        _server.Cache.Publish(_server.Translator.Config("a", (TypeUrls.Cluster, "c1", "a"), (TypeUrls.Cluster, "c2", "b")));
        var (firstStream, _) = _server.ConnectDelta();
        using var _f = firstStream;
        var held = await SubscribeAsync(firstStream, TypeUrls.Cluster, withNode: true);
        var c1Version = held.Resources.Single(r => r.Name == "c1").Version;
        firstStream.CompleteRequests();

        var (stream, _) = _server.ConnectDelta();
        using var _s = stream;
        var request = new DeltaDiscoveryRequest { Node = AdsTestServer.NodeFor("web-1"), TypeUrl = TypeUrls.Cluster };
        request.InitialResourceVersions.Add("c1", c1Version);
        request.InitialResourceVersions.Add("c2", "stale");
        request.InitialResourceVersions.Add("gone", "old");
        await stream.SendAsync(request);

        var response = await stream.ReadAsync();
        Assert.Equal(["c2"], Names(response));
        Assert.Equal(["gone"], response.RemovedResources);
    }

    [Fact]
    public async Task A_nack_is_recorded_with_its_text_and_the_same_content_is_not_sent_again()
    {
        _server.Cache.Publish(_server.Translator.Config("a", (TypeUrls.Cluster, "c1", "a")));
        var (stream, _) = _server.ConnectDelta();
        using var _s = stream;
        var response = await SubscribeAsync(stream, TypeUrls.Cluster, withNode: true);

        await stream.SendAsync(new DeltaDiscoveryRequest
        {
            TypeUrl = TypeUrls.Cluster,
            ResponseNonce = response.Nonce,
            ErrorDetail = new Google.Rpc.Status { Code = 3, Message = "cluster c1: lb_policy 99 is not supported" },
        });
        await ExpectNoResponseAsync(stream, "after-nack");

        var status = Assert.Single(_server.Registry.Snapshot());
        var clusters = status.Types.Single(t => t.TypeUrl == TypeUrls.Cluster);
        Assert.Equal("cluster c1: lb_policy 99 is not supported", clusters.LastNack?.Error);
        Assert.Null(clusters.AckedVersion);
    }

    private static async Task<DeltaDiscoveryResponse> SubscribeAsync(InMemoryDeltaStream stream, string typeUrl, bool withNode, params string[] names)
    {
        var request = new DeltaDiscoveryRequest { TypeUrl = typeUrl, Node = withNode ? AdsTestServer.NodeFor("web-1") : null };
        request.ResourceNamesSubscribe.Add(names);
        await stream.SendAsync(request);
        return await stream.ReadAsync();
    }

    private static async Task AckAsync(InMemoryDeltaStream stream, DeltaDiscoveryResponse response, string[]? subscribe = null, string[]? unsubscribe = null)
    {
        var request = new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce };
        request.ResourceNamesSubscribe.Add(subscribe ?? []);
        request.ResourceNamesUnsubscribe.Add(unsubscribe ?? []);
        await stream.SendAsync(request);
    }

    // The server answers in order, so a probe subscription's answer must be the next response.
    private static async Task ExpectNoResponseAsync(InMemoryDeltaStream stream, string probe)
    {
        var next = await SubscribeAsync(stream, ProbeTypeUrl, withNode: false, probe);
        Assert.Equal(ProbeTypeUrl, next.TypeUrl);
    }

    private static List<string> Names(DeltaDiscoveryResponse response) => [.. response.Resources.Select(r => r.Name).Order(StringComparer.Ordinal)];
}
