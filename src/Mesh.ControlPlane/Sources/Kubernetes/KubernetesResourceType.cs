using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>A namespaced Kubernetes resource the control plane lists and watches, and how its REST path is built.</summary>
internal sealed record KubernetesResourceType(string Group, string Version, string Plural, string Kind)
{
    public const string MeshGroup = "mesh.dev";
    public const string MeshVersion = "v1alpha1";

    public static KubernetesResourceType Meshes { get; } = Mesh(ResourceKinds.Mesh, "meshes");

    public static KubernetesResourceType MeshServices { get; } = Mesh(ResourceKinds.MeshService, "meshservices");

    public static KubernetesResourceType TrafficRoutes { get; } = Mesh(ResourceKinds.TrafficRoute, "trafficroutes");

    public static KubernetesResourceType DestinationPolicies { get; } = Mesh(ResourceKinds.DestinationPolicy, "destinationpolicies");

    public static KubernetesResourceType AccessPolicies { get; } = Mesh(ResourceKinds.AccessPolicy, "accesspolicies");

    public static KubernetesResourceType RateLimits { get; } = Mesh(ResourceKinds.RateLimit, "ratelimits");

    public static KubernetesResourceType Services { get; } = new(string.Empty, "v1", "services", "Service");

    public static KubernetesResourceType EndpointSlices { get; } = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice");

    public static KubernetesResourceType Pods { get; } = new(string.Empty, "v1", "pods", "Pod");

    /// <summary>The mesh's own kinds, in the order the config language lists them.</summary>
    public static IReadOnlyList<KubernetesResourceType> MeshKinds { get; } =
        [Meshes, MeshServices, TrafficRoutes, DestinationPolicies, AccessPolicies, RateLimits];

    /// <summary>Everything the Kubernetes source watches; the ClusterRole of <c>mesh install</c> grants exactly these.</summary>
    public static IReadOnlyList<KubernetesResourceType> Watched { get; } = [.. MeshKinds, Services, EndpointSlices, Pods];

    /// <summary>The collection's path, across all namespaces when <paramref name="ns"/> is null.</summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return ns is null ? $"{root}/{Plural}" : $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}";
    }

    private static KubernetesResourceType Mesh(string kind, string plural) => new(MeshGroup, MeshVersion, plural, kind);
}
