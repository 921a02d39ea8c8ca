using Envoy.Config.Cluster.V3;
using Mesh.Sdk.Xds;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sdk.Tests.Xds;

/// <summary>The client's side of the ADS protocol, driven by an in-test server that can send what mesh-cp never would.</summary>
[Collection(Telemetry.ActivityListenerCollection.Name)]
public sealed class XdsClientProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly CollectingLogger<XdsClient> _logger = new();
    private ScriptedAdsServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedAdsServer.StartAsync();
        _server.Set("svc", TestXdsResources.Listener("svc", "svc.default"));
        _server.Set("svc.default", TestXdsResources.Route("svc.default", ("svc.default|v1", 1)));
        _server.Set("svc.default|v1", TestXdsResources.Cluster("svc.default|v1"));
        _server.Set("svc.default|v1", TestXdsResources.Assignment("svc.default|v1", 7001));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Nacks_a_cluster_with_an_unknown_lb_policy_and_keeps_the_good_one()
    {
        using var recorder = new Telemetry.TelemetryRecorder();
        await using var client = await StartClientAsync();
        Assert.True(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));
        var ack = await _server.WaitForRequestAsync(r => r.TypeUrl == XdsTypeUrls.Cluster && r.ResponseNonce.Length > 0, Timeout);

        _server.Set("svc.default|v1", TestXdsResources.Cluster("svc.default|v1", (Cluster.Types.LbPolicy)99));
        var skip = _server.Requests.Count;
        await _server.PushAsync(XdsTypeUrls.Cluster);
        var nack = await _server.WaitForRequestAsync(r => r.TypeUrl == XdsTypeUrls.Cluster && r.ErrorDetail is not null, Timeout, skip);

        Assert.Contains("Cluster 'svc.default|v1': lb_policy 99", nack.ErrorDetail.Message, StringComparison.Ordinal);
        Assert.Equal(ack.VersionInfo, nack.VersionInfo);
        Assert.NotEqual(ack.ResponseNonce, nack.ResponseNonce);
        Assert.Equal(["svc.default|v1"], nack.ResourceNames);
        Assert.Equal(Cluster.Types.LbPolicy.RoundRobin, client.Resources.Clusters["svc.default|v1"].LbPolicy);
        Assert.True(client.IsComplete("svc"));
        Assert.Equal(1, _logger.Count("Rejected (NACK) Cluster"));
        Assert.Contains(recorder.Measurements(Sdk.Telemetry.MeshTelemetry.XdsRejections), m => Equals(m.Tag(Sdk.Telemetry.MeshAttributes.XdsType), "Cluster"));
        Assert.Contains(recorder.Measurements(Sdk.Telemetry.MeshTelemetry.XdsUpdates), m => Equals(m.Tag(Sdk.Telemetry.MeshAttributes.XdsType), "ClusterLoadAssignment"));
    }

    [Fact]
    public async Task Sends_the_node_with_the_mesh_user_agent_on_the_first_request_only()
    {
        await using var client = await StartClientAsync();
        Assert.True(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));

        var requests = _server.Requests;
        var node = requests[0].Node;
        Assert.Equal("mesh-dotnet", node.UserAgentName);
        Assert.Equal("web-1", node.Id);
        Assert.Equal("web", node.Cluster);
        Assert.Equal("eu-west-1", node.Locality.Region);
        Assert.Equal("shop", node.Metadata.Fields["NAMESPACE"].StringValue);
        Assert.All(requests.Skip(1), request => Assert.Null(request.Node));
    }

    [Fact]
    public async Task Follows_a_route_to_a_new_cluster_and_drops_the_old_one()
    {
        _server.Set("svc.default|v2", TestXdsResources.Cluster("svc.default|v2"));
        _server.Set("svc.default|v2", TestXdsResources.Assignment("svc.default|v2", 7002));
        await using var client = await StartClientAsync();
        Assert.True(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));

        var skip = _server.Requests.Count;
        _server.Set("svc.default", TestXdsResources.Route("svc.default", ("svc.default|v2", 1)));
        await _server.PushAsync(XdsTypeUrls.RouteConfiguration);

        var clusters = await _server.WaitForRequestAsync(r => r.TypeUrl == XdsTypeUrls.Cluster && r.ResourceNames.Contains("svc.default|v2"), Timeout, skip);
        Assert.Equal(["svc.default|v2"], clusters.ResourceNames);
        await _server.WaitForRequestAsync(r => r.TypeUrl == XdsTypeUrls.ClusterLoadAssignment && r.ResourceNames.SequenceEqual(["svc.default|v2"]) && r.ResponseNonce.Length > 0, Timeout, skip);
        Assert.True(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));
        Assert.Equal(["svc.default|v2"], client.Resources.Clusters.Keys);
        Assert.Equal(["svc.default|v2"], client.Resources.Endpoints.Keys);
    }

    [Fact]
    public async Task Lists_every_wanted_listener_in_each_listener_request()
    {
        _server.Set("other", TestXdsResources.Listener("other", "svc.default"));
        await using var client = await StartClientAsync();
        Assert.True(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));

        Assert.True(await client.WaitForListenerAsync("other", new CancellationTokenSource(Timeout).Token));

        var last = _server.Requests.Last(r => r.TypeUrl == XdsTypeUrls.Listener);
        Assert.Equal(["other", "svc"], last.ResourceNames);
        Assert.Equal(["svc.default"], _server.Requests.Last(r => r.TypeUrl == XdsTypeUrls.RouteConfiguration).ResourceNames);
    }

    [Fact]
    public async Task Does_not_take_a_response_to_an_earlier_request_as_proof_a_new_listener_is_missing()
    {
        _server.Set("other", TestXdsResources.Listener("other", "svc.default"));
        _server.HoldResponsesUntilRequest = 2;
        await using var client = await StartClientAsync();
        client.Subscribe("svc");
        await _server.WaitForRequestAsync(r => r.TypeUrl == XdsTypeUrls.Listener, Timeout);

        client.Subscribe("other");

        Assert.True(await client.WaitForListenerAsync("other", new CancellationTokenSource(Timeout).Token));
        Assert.Equal(["svc"], _server.Requests[0].ResourceNames);
        Assert.Equal(["other", "svc"], _server.Requests[1].ResourceNames);
        Assert.Equal(0, _logger.Count("does not exist"));
    }

    [Fact]
    public async Task Follows_an_inline_route_configuration_straight_to_its_clusters()
    {
        _server.Set("inline", TestXdsResources.ListenerWith("inline", manager =>
            manager.RouteConfig = TestXdsResources.Route("inline-routes", ("svc.default|v1", 1))));
        await using var client = await StartClientAsync();

        Assert.True(await client.WaitForListenerAsync("inline", new CancellationTokenSource(Timeout).Token));

        Assert.Empty(client.Resources.Routes);
        Assert.DoesNotContain(_server.Requests, r => r.TypeUrl == XdsTypeUrls.RouteConfiguration);
        Assert.Equal(["svc.default|v1"], client.Resources.Clusters.Keys);
    }

    [Fact]
    public async Task Drops_a_deleted_listener_with_everything_it_referenced()
    {
        await using var client = await StartClientAsync();
        Assert.True(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));
        var dropped = new TaskCompletionSource<XdsResources>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ResourcesChanged += resources => dropped.TrySetResult(resources);

        _server.Remove(XdsTypeUrls.Listener, "svc");
        await _server.PushAsync(XdsTypeUrls.Listener);

        var resources = await dropped.Task.WaitAsync(Timeout);
        Assert.Empty(resources.Listeners);
        Assert.Empty(resources.Routes);
        Assert.Empty(resources.Clusters);
        Assert.Empty(resources.Endpoints);
        Assert.False(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));
    }

    [Fact]
    public async Task Nacks_a_response_of_a_type_it_does_not_follow()
    {
        await using var client = await StartClientAsync();
        Assert.True(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));
        const string secretType = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

        await _server.PushAsync(secretType);

        var nack = await _server.WaitForRequestAsync(r => r.TypeUrl == secretType, Timeout);
        Assert.Contains("is not one this client subscribes to", nack.ErrorDetail.Message, StringComparison.Ordinal);
        Assert.True(client.IsComplete("svc"));
    }

    [Fact]
    public async Task Waits_for_the_backoff_delay_on_the_time_provider_before_reconnecting()
    {
        _server.FailStreams = true;
        var time = new FakeTimeProvider();
        await using var client = new XdsClient(Options(_server.Address), time, _logger, new FixedRandom(0.999));
        await client.StartAsync(CancellationToken.None);
        client.Subscribe("svc");

        await _logger.WaitForAsync("reconnecting in 999 ms", Timeout);
        await Task.Delay(300);
        time.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(300);
        Assert.Equal(1, _server.StreamCount);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await _logger.WaitForAsync("reconnecting in 1998 ms", Timeout);
        Assert.Equal(2, _server.StreamCount);
    }

    [Fact]
    public async Task Resends_subscriptions_with_the_accepted_versions_on_a_new_stream()
    {
        var time = new FakeTimeProvider();
        var client = new XdsClient(Options(_server.Address), time, _logger, new FixedRandom(0));
        await using (client)
        {
            await client.StartAsync(CancellationToken.None);
            Assert.True(await client.WaitForListenerAsync("svc", new CancellationTokenSource(Timeout).Token));
            var accepted = _server.Requests.Last(r => r.TypeUrl == XdsTypeUrls.Cluster).VersionInfo;

            var skip = _server.Requests.Count;
            await _server.RestartStreamsAsync();
            var resent = await _server.WaitForRequestAsync(r => r.TypeUrl == XdsTypeUrls.Cluster, Timeout, skip);

            Assert.Equal(accepted, resent.VersionInfo);
            Assert.Equal(string.Empty, resent.ResponseNonce);
            Assert.Equal(["svc.default|v1"], resent.ResourceNames);
            // An ACK of the old stream may still land after the restart; the new stream's first request is the
            // first without a nonce, and it must name the node.
            Assert.NotNull(_server.Requests.Skip(skip).First(r => r.ResponseNonce.Length == 0).Node);
            Assert.True(client.IsComplete("svc"));
        }
    }

    private async Task<XdsClient> StartClientAsync()
    {
        var client = new XdsClient(Options(_server.Address), TimeProvider.System, _logger);
        await client.StartAsync(CancellationToken.None);
        return client;
    }

    private static XdsClientOptions Options(Uri controlPlane) => new()
    {
        ControlPlane = controlPlane,
        NodeId = "web-1",
        ServiceName = "web",
        Namespace = "shop",
        Region = "eu-west-1",
        Zone = "eu-west-1a",
        InitialBackoff = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromSeconds(8),
    };
}
