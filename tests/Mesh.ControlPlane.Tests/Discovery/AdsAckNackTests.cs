using Envoy.Service.Discovery.V3;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Discovery;

public sealed class AdsAckNackTests : IDisposable
{
    private const string RejectionText = "cluster catalog: unsupported lb_policy MAGLEV";

    private readonly AdsTestServer _server = new();

    public AdsAckNackTests()
    {
        _server.Cache.Publish(_server.Translator.Config("v1", (TypeUrls.Cluster, "catalog", "a")));
    }

    [Fact]
    public async Task Ack_is_recorded_as_the_acked_version()
    {
        var client = _server.Connect();
        var response = await client.SubscribeAsync(TypeUrls.Cluster);

        await client.AckAsync(response);
        await client.ExpectNoResponseAsync();

        var cds = ClusterStatus();
        Assert.Equal(response.VersionInfo, cds.AckedVersion);
        Assert.Equal(response.VersionInfo, cds.LastSentVersion);
        Assert.Equal(response.Nonce, cds.LastSentNonce);
        Assert.True(cds.InSync);
    }

    [Fact]
    public async Task Nack_is_recorded_with_its_text_and_the_previous_acked_version_is_kept()
    {
        var (client, accepted, rejected) = await ReceiveChangeAsync();

        _server.Time.Advance(TimeSpan.FromSeconds(3));
        await client.NackAsync(rejected, accepted.VersionInfo, RejectionText);
        await client.ExpectNoResponseAsync();

        var cds = ClusterStatus();
        Assert.Equal(accepted.VersionInfo, cds.AckedVersion);
        Assert.Equal(rejected.VersionInfo, cds.LastSentVersion);
        Assert.False(cds.InSync);
        var nack = Assert.IsType<XdsNack>(cds.LastNack);
        Assert.Equal(new XdsNack(rejected.VersionInfo, rejected.Nonce, RejectionText, _server.Time.GetUtcNow()), nack);
        Assert.Equal(new XdsRecentNack("web-1", TypeUrls.Cluster, nack), Assert.Single(_server.Registry.RecentNacks()));
    }

    [Fact]
    public async Task Nack_is_logged_as_a_warning_with_the_node_id_and_the_full_error_text()
    {
        var (client, accepted, rejected) = await ReceiveChangeAsync();

        await client.NackAsync(rejected, accepted.VersionInfo, RejectionText);
        await client.ExpectNoResponseAsync();

        var warning = Assert.Single(_server.Logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("web-1", warning.Message, StringComparison.Ordinal);
        Assert.Contains(RejectionText, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nacked_content_is_not_sent_again_but_newer_content_is()
    {
        var (client, accepted, rejected) = await ReceiveChangeAsync();
        await client.NackAsync(rejected, accepted.VersionInfo, RejectionText);

        _server.Cache.Publish(_server.Translator.Config("v2-again", (TypeUrls.Cluster, "catalog", "b")));
        await client.ExpectNoResponseAsync();

        _server.Cache.Publish(_server.Translator.Config("v3", (TypeUrls.Cluster, "catalog", "c")));
        Assert.Equal(["catalog=c"], AdsTestClient.Contents(await client.ReadAsync()));
    }

    [Fact]
    public async Task Request_answering_a_stale_nonce_is_ignored()
    {
        var (client, accepted, _) = await ReceiveChangeAsync();

        await client.NackAsync(accepted, accepted.VersionInfo, RejectionText, "renamed");
        await client.ExpectNoResponseAsync();

        var cds = ClusterStatus();
        Assert.Null(cds.LastNack);
        Assert.Equal(["*"], cds.Subscribed);
        Assert.Empty(_server.Registry.RecentNacks());
    }

    [Fact]
    public async Task Ack_of_a_stale_nonce_does_not_mark_the_client_in_sync()
    {
        var (client, accepted, rejected) = await ReceiveChangeAsync();

        await client.AckAsync(accepted);
        await client.ExpectNoResponseAsync();

        var cds = ClusterStatus();
        Assert.Equal(accepted.VersionInfo, cds.AckedVersion);
        Assert.Equal(rejected.VersionInfo, cds.LastSentVersion);
        Assert.False(cds.InSync);
    }

    public void Dispose() => _server.Dispose();

    /// <summary>Subscribes to clusters, ACKs the first version and receives a second one.</summary>
    private async Task<(AdsTestClient Client, DiscoveryResponse Accepted, DiscoveryResponse Changed)> ReceiveChangeAsync()
    {
        var client = _server.Connect();
        var accepted = await client.SubscribeAsync(TypeUrls.Cluster);
        await client.AckAsync(accepted);
        await client.ExpectNoResponseAsync();
        _server.Cache.Publish(_server.Translator.Config("v2", (TypeUrls.Cluster, "catalog", "b")));
        var changed = await client.ReadAsync();
        return (client, accepted, changed);
    }

    private XdsTypeStatus ClusterStatus() =>
        Assert.Single(Assert.Single(_server.Registry.Snapshot()).Types, t => t.TypeUrl == TypeUrls.Cluster);
}
