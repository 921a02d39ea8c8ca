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

    private readonly ImmutableDictionary<string, ImmutableSortedDictionary<string, CachedResource>> _byType;

    private VersionedResources(ImmutableDictionary<string, ImmutableSortedDictionary<string, CachedResource>> byType)
    {
        _byType = byType;
    }

    /// <summary>Packs and hashes every resource of the served types in <paramref name="set"/>.</summary>
    public static VersionedResources From(XdsResourceSet set)
    {
        var byType = ImmutableDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, CachedResource>>(StringComparer.Ordinal);
        foreach (var typeUrl in ServedTypes)
        {
            var resources = None.ToBuilder();
            foreach (var (name, message) in set.Get(typeUrl))
            {
                resources.Add(name, Pack(name, message));
            }

            byType.Add(typeUrl, resources.ToImmutable());
        }

        return new VersionedResources(byType.ToImmutable());
    }

    /// <summary>The resources of <paramref name="typeUrl"/>, sorted by name; empty for a type with none.</summary>
    public ImmutableSortedDictionary<string, CachedResource> Get(string typeUrl) =>
        _byType.TryGetValue(typeUrl, out var resources) ? resources : None;

    private static CachedResource Pack(string name, IMessage message)
    {
        var any = Any.Pack(message);
        return new CachedResource(name, any, VersionHasher.HashContent(any.Value.Span));
    }
}
