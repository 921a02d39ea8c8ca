using System.Text.Json;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Discovery;

public sealed class XdsClientRegistryTests
{
    private static readonly DateTimeOffset Connected = new(2026, 11, 27, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_serializes_to_camel_case_json_with_the_kind_as_text()
    {
        var registry = new XdsClientRegistry();
        using var registration = registry.Register(id => Status(id, "web-1"));
        registration.Update([new XdsTypeStatus(TypeUrls.Listener, ["*"], "v1", "1", "v1", null)]);

        var json = JsonSerializer.Serialize(registry.Snapshot(), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        using var document = JsonDocument.Parse(json);
        var client = document.RootElement[0];
        Assert.Equal("web-1", client.GetProperty("nodeId").GetString());
        Assert.Equal("GrpcProxyless", client.GetProperty("kind").GetString());
        Assert.Equal("eu-west-1a", client.GetProperty("locality").GetProperty("zone").GetString());
        var lds = client.GetProperty("types")[0];
        Assert.Equal("*", lds.GetProperty("subscribed")[0].GetString());
        Assert.True(lds.GetProperty("inSync").GetBoolean());
    }

    [Fact]
    public void Sync_counts_count_clients_that_acked_the_last_version_sent()
    {
        var registry = new XdsClientRegistry();
        using var inSync = registry.Register(id => Status(id, "web-1"));
        using var behind = registry.Register(id => Status(id, "web-2"));
        using var waiting = registry.Register(id => Status(id, "web-3"));
        inSync.Update([new XdsTypeStatus(TypeUrls.Cluster, ["*"], "v2", "2", "v2", null)]);
        behind.Update([new XdsTypeStatus(TypeUrls.Cluster, ["*"], "v2", "2", "v1", null)]);
        waiting.Update([new XdsTypeStatus(TypeUrls.Cluster, ["*"], null, null, null, null)]);

        Assert.Equal([new XdsTypeSyncCount(TypeUrls.Cluster, 2, 1)], registry.SyncCounts());
    }

    [Fact]
    public void Recent_nacks_keep_only_the_newest()
    {
        var registry = new XdsClientRegistry();
        using var registration = registry.Register(id => Status(id, "web-1"));

        for (var i = 0; i <= XdsClientRegistry.RecentNackCapacity; i++)
        {
            registration.RecordNack(TypeUrls.Cluster, new XdsNack($"v{i}", $"{i}", "bad", Connected));
        }

        var nacks = registry.RecentNacks();
        Assert.Equal(XdsClientRegistry.RecentNackCapacity, nacks.Count);
        Assert.Equal("v1", nacks[0].Nack.Version);
    }

    [Fact]
    public void Disposing_a_registration_removes_only_that_client()
    {
        var registry = new XdsClientRegistry();
        using var kept = registry.Register(id => Status(id, "web-1"));
        var removed = registry.Register(id => Status(id, "web-2"));

        removed.Dispose();

        Assert.Equal("web-1", Assert.Single(registry.Snapshot()).NodeId);
    }

    private static XdsClientStatus Status(long id, string nodeId) =>
        new(id, nodeId, "shop", "grpc-node-js/1.14.0", ClientKind.GrpcProxyless, new XdsLocality("eu-west-1", "eu-west-1a", string.Empty), "ipv4:127.0.0.1:1", Connected, []);
}
