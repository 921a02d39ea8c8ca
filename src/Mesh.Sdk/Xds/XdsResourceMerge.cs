using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;

namespace Mesh.Sdk.Xds;

/// <summary>Applies the resources of an accepted response to a snapshot, with state-of-the-world deletion rules.</summary>
internal static class XdsResourceMerge
{
    /// <summary>
    /// The snapshot with <paramref name="received"/> applied, keeping only names in <paramref name="wanted"/>.
    /// State of the world: listeners and clusters absent from their response are gone; routes and
    /// load assignments absent from theirs are merely not updated.
    /// </summary>
    public static XdsResources Merge(XdsResources resources, XdsResourceKind kind, ImmutableDictionary<string, IMessage> received, ImmutableSortedSet<string> wanted)
    {
        return kind switch
        {
            XdsResourceKind.Listener => resources with { Listeners = Replace<Listener>(XdsResources.Empty.Listeners, received, wanted) },
            XdsResourceKind.RouteConfiguration => resources with { Routes = Replace<RouteConfiguration>(resources.Routes, received, wanted) },
            XdsResourceKind.Cluster => resources with { Clusters = Replace<Cluster>(XdsResources.Empty.Clusters, received, wanted) },
            XdsResourceKind.ClusterLoadAssignment => resources with { Endpoints = Replace<ClusterLoadAssignment>(resources.Endpoints, received, wanted) },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static ImmutableDictionary<string, T> Replace<T>(ImmutableDictionary<string, T> start, ImmutableDictionary<string, IMessage> received, ImmutableSortedSet<string> wanted)
        where T : IMessage
    {
        var builder = start.ToBuilder();
        foreach (var (name, resource) in received)
        {
            // Resources nobody asked for are ignored, as gRPC does.
            if (wanted.Contains(name))
            {
                builder[name] = (T)resource;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>True when both snapshots hold equal resources under the same names.</summary>
    public static bool SameContent(XdsResources left, XdsResources right) =>
        SameContent(left.Listeners, right.Listeners)
        && SameContent(left.Routes, right.Routes)
        && SameContent(left.Clusters, right.Clusters)
        && SameContent(left.Endpoints, right.Endpoints);

    private static bool SameContent<T>(ImmutableDictionary<string, T> left, ImmutableDictionary<string, T> right)
        where T : IMessage
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (name, resource) in left)
        {
            if (!right.TryGetValue(name, out var other) || !resource.Equals(other))
            {
                return false;
            }
        }

        return true;
    }
}
