using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;

namespace Mesh.Sdk.Xds;

/// <summary>
/// The last good xDS resources the client holds, by name. Each resource here passed validation and was
/// ACKed; a NACKed update leaves the previous resource in place.
/// </summary>
internal sealed record XdsResources(
    ImmutableDictionary<string, Listener> Listeners,
    ImmutableDictionary<string, RouteConfiguration> Routes,
    ImmutableDictionary<string, Cluster> Clusters,
    ImmutableDictionary<string, ClusterLoadAssignment> Endpoints)
{
    public static XdsResources Empty { get; } = new(
        ImmutableDictionary<string, Listener>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, RouteConfiguration>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, Cluster>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, ClusterLoadAssignment>.Empty.WithComparers(StringComparer.Ordinal));
}
