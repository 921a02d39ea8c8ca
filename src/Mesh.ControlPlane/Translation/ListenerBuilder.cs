using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>Builds the API listener a client subscribes to for one service name: an HttpConnectionManager fetching routes over RDS.</summary>
internal static class ListenerBuilder
{
    /// <summary>
    /// The listener, with the HTTP filters the service's routes configure: local rate limit (clients
    /// that support it), then fault injection, then the router. Filters sit in the chain with no
    /// settings of their own; each route or virtual host turns them on in <c>typed_per_filter_config</c>.
    /// </summary>
    /// <param name="listenerName">One of the service's host names.</param>
    /// <param name="scope">The service and what configures it.</param>
    /// <param name="profile">What the client accepts.</param>
    /// <param name="mesh">With it, the listener carries the service's own inbound security: the mTLS mode and
    /// trust domain as <c>metadata</c>, and its AccessPolicies as RBAC filters ahead of all others; and the
    /// mesh's trace sampling as <c>tracing.random_sampling</c>.</param>
    /// <param name="accessPolicies">The AccessPolicies of this service.</param>
    public static Listener Build(string listenerName, ServiceScope scope, ClientProfile profile, MeshSpec? mesh = null, IEnumerable<AccessPolicy>? accessPolicies = null)
    {
        var service = scope.Metadata;
        var manager = new HttpConnectionManager
        {
            StatPrefix = XdsNames.Service(service),
            Rds = new Rds
            {
                ConfigSource = ConfigSources.Ads(),
                RouteConfigName = XdsNames.RouteConfiguration(service),
            },
        };

        // Envoy's share of requests that start a trace; a caller's own sampled or unsampled trace is followed as it is.
        if (mesh?.TracingSamplingPercent is { } sampling)
        {
            manager.Tracing = new HttpConnectionManager.Types.Tracing { RandomSampling = new Percent { Value = sampling } };
        }

        // Authorization first: a refused caller must neither use the rate limit's tokens nor see a fault.
        if (mesh is not null && profile.SupportsMeshTls)
        {
            foreach (var (name, config) in RbacBuilder.Build(mesh, accessPolicies ?? []))
            {
                manager.HttpFilters.Add(Filter(name, Any.Pack(config)));
            }
        }

        // Rate limiting next, so a refused call is neither delayed nor counted as an injected fault.
        if (scope.RateLimit is not null && profile.SupportsLocalRateLimit)
        {
            manager.HttpFilters.Add(Filter(XdsNames.LocalRateLimitFilter, Any.Pack(LocalRateLimitBuilder.Disabled())));
        }

        if (scope.InjectsFaults)
        {
            manager.HttpFilters.Add(Filter(XdsNames.FaultFilter, Any.Pack(new HTTPFault())));
        }

        // The router must be the last filter; grpc-js-xds and Envoy reject a chain that does not end in it.
        manager.HttpFilters.Add(Filter(XdsNames.RouterFilter, Any.Pack(new Router())));

        return new Listener
        {
            Name = listenerName,
            ApiListener = new ApiListener { ApiListener_ = Any.Pack(manager) },
            Metadata = mesh is null ? null : MeshTls.ListenerMetadata(mesh, scope.Service.Spec.Mtls),
        };
    }

    private static HttpFilter Filter(string name, Any config) => new() { Name = name, TypedConfig = config };
}
