namespace Mesh.Sdk.Xds;

/// <summary>The four xDS resource types the client follows, in the order a listener references them.</summary>
internal enum XdsResourceKind
{
    Listener,
    RouteConfiguration,
    Cluster,
    ClusterLoadAssignment,
}
