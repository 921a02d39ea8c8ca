using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Translation;

/// <summary>Typed lookups into a translated resource set; a missing resource fails the test with its name.</summary>
internal static class XdsResourceSetExtensions
{
    public static Listener Listener(this XdsResourceSet set, string name) => Get<Listener>(set, TypeUrls.Listener, name);

    public static RouteConfiguration RouteConfiguration(this XdsResourceSet set, string name) =>
        Get<RouteConfiguration>(set, TypeUrls.RouteConfiguration, name);

    public static Cluster Cluster(this XdsResourceSet set, string name) => Get<Cluster>(set, TypeUrls.Cluster, name);

    public static ClusterLoadAssignment LoadAssignment(this XdsResourceSet set, string name) =>
        Get<ClusterLoadAssignment>(set, TypeUrls.ClusterLoadAssignment, name);

    private static T Get<T>(XdsResourceSet set, string typeUrl, string name)
    {
        var resources = set.Get(typeUrl);
        Assert.True(resources.ContainsKey(name), $"no {typeUrl} named '{name}'; have: {string.Join(", ", resources.Keys)}");
        return Assert.IsType<T>(resources[name]);
    }
}
