namespace Mesh.Sdk.Xds;

/// <summary>The type URLs of the resources and nested configs the client reads.</summary>
internal static class XdsTypeUrls
{
    public const string Listener = "type.googleapis.com/envoy.config.listener.v3.Listener";
    public const string RouteConfiguration = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    public const string Cluster = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    public const string ClusterLoadAssignment = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    public const string HttpConnectionManager = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
    public const string Router = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";

    /// <summary>All four resource kinds in reference order; indexable by <see cref="XdsResourceKind"/>.</summary>
    public static IReadOnlyList<XdsResourceKind> Kinds { get; } =
        [XdsResourceKind.Listener, XdsResourceKind.RouteConfiguration, XdsResourceKind.Cluster, XdsResourceKind.ClusterLoadAssignment];

    public static string Of(XdsResourceKind kind) => kind switch
    {
        XdsResourceKind.Listener => Listener,
        XdsResourceKind.RouteConfiguration => RouteConfiguration,
        XdsResourceKind.Cluster => Cluster,
        XdsResourceKind.ClusterLoadAssignment => ClusterLoadAssignment,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string typeUrl, out XdsResourceKind kind)
    {
        switch (typeUrl)
        {
            case Listener:
                kind = XdsResourceKind.Listener;
                return true;
            case RouteConfiguration:
                kind = XdsResourceKind.RouteConfiguration;
                return true;
            case Cluster:
                kind = XdsResourceKind.Cluster;
                return true;
            case ClusterLoadAssignment:
                kind = XdsResourceKind.ClusterLoadAssignment;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
