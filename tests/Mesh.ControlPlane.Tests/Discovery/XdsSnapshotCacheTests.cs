using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Translation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.ControlPlane.Tests.Discovery;

public sealed class XdsSnapshotCacheTests
{
    private readonly TestTranslator _translator = new();

    [Fact]
    public void Translates_once_per_client_kind_on_first_use()
    {
        var cache = new XdsSnapshotCache(_translator.Translate, NullLogger<XdsSnapshotCache>.Instance);
        cache.Publish(_translator.Config("v1", (TypeUrls.Listener, "catalog", "a")));
        Assert.Equal(0, _translator.Calls);

        var first = cache.Current.For(ClientKind.GrpcProxyless);
        var again = cache.Current.For(ClientKind.GrpcProxyless);
        cache.Current.For(ClientKind.Envoy);

        Assert.Same(first, again);
        Assert.Equal(2, _translator.Calls);
    }

    [Fact]
    public void Publishing_completes_the_previous_snapshot_signal()
    {
        var cache = new XdsSnapshotCache(_translator.Translate, NullLogger<XdsSnapshotCache>.Instance);
        var before = cache.Current;

        cache.Publish(_translator.Config("v1"));

        Assert.True(before.Superseded.IsCompleted);
        Assert.False(cache.Current.Superseded.IsCompleted);
        Assert.Equal(before.Generation + 1, cache.Current.Generation);
    }

    [Fact]
    public void Resource_hash_depends_only_on_content()
    {
        var one = Resources(_translator.Config("one", (TypeUrls.Cluster, "catalog", "a")));
        var same = Resources(_translator.Config("same", (TypeUrls.Cluster, "catalog", "a")));
        var changed = Resources(_translator.Config("changed", (TypeUrls.Cluster, "catalog", "b")));

        Assert.Equal(one["catalog"].Hash, same["catalog"].Hash);
        Assert.NotEqual(one["catalog"].Hash, changed["catalog"].Hash);
        Assert.Matches("^[0-9a-f]{16}$", one["catalog"].Hash);
    }

    private ImmutableSortedDictionary<string, CachedResource> Resources(MeshConfig config)
    {
        var cache = new XdsSnapshotCache(_translator.Translate, NullLogger<XdsSnapshotCache>.Instance);
        cache.Publish(config);
        return cache.Current.For(ClientKind.MeshSdk).Get(TypeUrls.Cluster);
    }
}
