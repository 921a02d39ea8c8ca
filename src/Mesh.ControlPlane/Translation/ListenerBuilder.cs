using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>Builds the API listener a client subscribes to for one service name: an HttpConnectionManager fetching routes over RDS.</summary>
internal static class ListenerBuilder
{
    public static Listener Build(string listenerName, ResourceMetadata service)
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = XdsNames.Service(service),
            Rds = new Rds
            {
                ConfigSource = ConfigSources.Ads(),
                RouteConfigName = XdsNames.RouteConfiguration(service),
            },
        };

        // The router must be the last filter; grpc-js-xds and Envoy reject a chain that does not end in it.
        manager.HttpFilters.Add(new HttpFilter
        {
            Name = XdsNames.RouterFilter,
            TypedConfig = Any.Pack(new Router()),
        });

        return new Listener
        {
            Name = listenerName,
            ApiListener = new ApiListener { ApiListener_ = Any.Pack(manager) },
        };
    }
}
