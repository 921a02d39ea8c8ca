using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// The one place that names xDS resources. Names are stable across runs so content-hash versions
/// stay equal when the config is, and readable so <c>mesh status</c> and config dumps make sense.
/// </summary>
internal static class XdsNames
{
    /// <summary>The HTTP filter that must end every <c>http_filters</c> list.</summary>
    public const string RouterFilter = "envoy.filters.http.router";

    /// <summary>The fault injection filter, and its key in <c>typed_per_filter_config</c>.</summary>
    public const string FaultFilter = "envoy.filters.http.fault";

    /// <summary>The local rate limit filter, and its key in <c>typed_per_filter_config</c>.</summary>
    public const string LocalRateLimitFilter = "envoy.filters.http.local_ratelimit";

    /// <summary>The retry host predicate that sends each retry to an endpoint no earlier attempt used.</summary>
    public const string PreviousHostsPredicate = "envoy.retry_host_predicates.previous_hosts";

    private const string ClusterDomain = "svc.cluster.local";

    /// <summary><c>name.namespace</c>: the route configuration, virtual host and all-endpoints cluster of a service.</summary>
    public static string Service(ResourceMetadata service) => $"{service.Name}.{service.Namespace}";

    /// <summary>The route configuration a service's listeners point at over RDS.</summary>
    public static string RouteConfiguration(ResourceMetadata service) => Service(service);

    /// <summary>The cluster holding every endpoint of a service.</summary>
    public static string Cluster(ResourceMetadata service) => Service(service);

    /// <summary>The cluster holding the endpoints of one subset: <c>name.namespace|subset</c>.</summary>
    public static string SubsetCluster(ResourceMetadata service, string subset) => $"{Service(service)}|{subset}";

    /// <summary>The cluster a route destination sends to: the subset's, or the whole service's when it names none.</summary>
    public static string DestinationCluster(ResourceMetadata service, string? subset) =>
        subset is null ? Cluster(service) : SubsetCluster(service, subset);

    /// <summary>
    /// Every name a client may call the service by, which is also the listener names: a gRPC target
    /// <c>xds:///echo</c> subscribes to Listener <c>echo</c>. The bare name is only the default namespace's.
    /// </summary>
    public static ImmutableArray<string> Hosts(ResourceMetadata service)
    {
        var qualified = Service(service);
        var fullyQualified = $"{qualified}.{ClusterDomain}";
        return service.Namespace == ResourceMetadata.DefaultNamespace
            ? [service.Name, qualified, fullyQualified]
            : [qualified, fullyQualified];
    }
}
