using System.Collections.Immutable;
using Google.Protobuf;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// Turns a validated mesh config snapshot into the xDS resources one kind of client is served. A pure
/// function: the same snapshot always gives byte-identical resources, so content-hash versions agree
/// across restarts and replicas.
/// </summary>
internal sealed class SnapshotTranslator
{
    public XdsResourceSet Translate(MeshConfig config, ClientKind kind)
    {
        ArgumentNullException.ThrowIfNull(config);
        var profile = ClientProfile.For(kind);
        var listeners = Sorted();
        var routes = Sorted();
        var clusters = Sorted();
        var assignments = Sorted();

        foreach (var scope in ServiceScopeResolver.Resolve(config))
        {
            var service = scope.Metadata;
            var accessPolicies = config.AccessPolicies.Values.Where(policy =>
                policy.Spec.Service == service.Name && policy.Metadata.Namespace == service.Namespace);
            foreach (var host in XdsNames.Hosts(service))
            {
                listeners[host] = ListenerBuilder.Build(host, scope, profile, config.Mesh, accessPolicies);
            }

            var routeConfiguration = RouteConfigurationBuilder.Build(scope, config.Mesh, profile);
            routes[routeConfiguration.Name] = routeConfiguration;

            var endpoints = scope.Service.Spec.Endpoints;
            var budgets = RetryBudgetResolver.Resolve(scope, config.Mesh);
            var serviceCluster = XdsNames.Cluster(service);
            var tls = MeshTls.UpstreamSocket(config.Mesh, service, profile);
            clusters[serviceCluster] = ClusterBuilder.Build(serviceCluster, scope.ServicePolicy, Budget(budgets, serviceCluster), profile, tls);
            assignments[serviceCluster] = LoadAssignmentBuilder.Build(serviceCluster, endpoints);

            foreach (var subset in scope.Service.Spec.Subsets)
            {
                var subsetCluster = XdsNames.SubsetCluster(service, subset.Name);
                clusters[subsetCluster] = ClusterBuilder.Build(subsetCluster, scope.PolicyFor(subset.Name), Budget(budgets, subsetCluster), profile, tls);
                assignments[subsetCluster] = LoadAssignmentBuilder.Build(subsetCluster, LoadAssignmentBuilder.InSubset(endpoints, subset));
            }
        }

        return new XdsResourceSet(ImmutableDictionary.CreateRange(
            StringComparer.Ordinal,
            [
                KeyValuePair.Create(TypeUrls.Listener, listeners.ToImmutable()),
                KeyValuePair.Create(TypeUrls.RouteConfiguration, routes.ToImmutable()),
                KeyValuePair.Create(TypeUrls.Cluster, clusters.ToImmutable()),
                KeyValuePair.Create(TypeUrls.ClusterLoadAssignment, assignments.ToImmutable()),
            ]));
    }

    private static int? Budget(ImmutableDictionary<string, int> budgets, string cluster) =>
        budgets.TryGetValue(cluster, out var percent) ? percent : null;

    private static ImmutableSortedDictionary<string, IMessage>.Builder Sorted() =>
        ImmutableSortedDictionary.CreateBuilder<string, IMessage>(StringComparer.Ordinal);
}
