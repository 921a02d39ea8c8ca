using System.Collections.Immutable;

namespace Mesh.Sdk.Xds;

/// <summary>The names the client subscribes to, per resource kind: the listeners asked for and everything they reference.</summary>
internal sealed record XdsWantedNames(
    ImmutableSortedSet<string> Listeners,
    ImmutableSortedSet<string> Routes,
    ImmutableSortedSet<string> Clusters,
    ImmutableSortedSet<string> Endpoints)
{
    public ImmutableSortedSet<string> this[XdsResourceKind kind] => kind switch
    {
        XdsResourceKind.Listener => Listeners,
        XdsResourceKind.RouteConfiguration => Routes,
        XdsResourceKind.Cluster => Clusters,
        XdsResourceKind.ClusterLoadAssignment => Endpoints,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
