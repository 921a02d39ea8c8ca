using System.Collections.Immutable;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Discovery;

/// <summary>The resources translated for one kind of client, packed and hashed, by type URL then name.</summary>
internal sealed class VersionedResources
{
    private static readonly string[] ServedTypes =
    [
        TypeUrls.Listener,
        TypeUrls.RouteConfiguration,
        TypeUrls.Cluster,
        TypeUrls.ClusterLoadAssignment,
    ];

    private static readonly ImmutableSortedDictionary<string, CachedResource> None =
        ImmutableSortedDictionary<string, CachedResource>.Empty.WithComparers(StringComparer.Ordinal);

    private static readonly string EmptyVersion = VersionHasher.HashResources([]);

    private readonly ImmutableDictionary<string, ImmutableSortedDictionary<string, CachedResource>> _byType;
    private readonly ImmutableDictionary<string, string> _typeVersions;

    private VersionedResources(
        ImmutableDictionary<string, ImmutableSortedDictionary<string, CachedResource>> byType,
        ImmutableDictionary<string, string> typeVersions)
    {
        _byType = byType;
        _typeVersions = typeVersions;
    }

    /// <summary>Packs and hashes every resource of the served types in <paramref name="set"/>.</summary>
    public static VersionedResources From(XdsResourceSet set)
    {
        var byType = ImmutableDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, CachedResource>>(StringComparer.Ordinal);
        var typeVersions = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var typeUrl in ServedTypes)
        {
            var resources = None.ToBuilder();
            foreach (var (name, message) in set.Get(typeUrl))
            {
                resources.Add(name, Pack(name, message));
            }

            var packed = resources.ToImmutable();
            byType.Add(typeUrl, packed);
            typeVersions.Add(typeUrl, VersionHasher.HashResources([.. packed.Values]));
        }

        return new VersionedResources(byType.ToImmutable(), typeVersions.ToImmutable());
    }

    /// <summary>The version of every resource of <paramref name="typeUrl"/> together, computed once per snapshot.</summary>
    public string TypeVersion(string typeUrl) =>
        _typeVersions.TryGetValue(typeUrl, out var version) ? version : EmptyVersion;

    /// <summary>The resources of <paramref name="typeUrl"/>, sorted by name; empty for a type with none.</summary>
    public ImmutableSortedDictionary<string, CachedResource> Get(string typeUrl) =>
        _byType.TryGetValue(typeUrl, out var resources) ? resources : None;

    private static CachedResource Pack(string name, IMessage message)
    {
        var any = Any.Pack(message);
        return new CachedResource(name, any, VersionHasher.HashContent(any.Value.Span));
    }
}
