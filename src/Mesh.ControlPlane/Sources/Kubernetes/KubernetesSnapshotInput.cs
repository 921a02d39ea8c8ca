using System.Collections.Immutable;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>Everything the Kubernetes source knows at one moment: mesh objects per kind, Services, EndpointSlices and Pods, each sorted by key.</summary>
internal sealed class KubernetesSnapshotInput
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly Dictionary<string, KubernetesObject> _pods;
    private readonly Dictionary<string, KubernetesObject> _services;
    private readonly ILookup<string, KubernetesObject> _slicesByService;

    public KubernetesSnapshotInput(
        ImmutableDictionary<string, ImmutableArray<KubernetesObject>> meshObjects,
        ImmutableArray<KubernetesObject> services,
        ImmutableArray<KubernetesObject> endpointSlices,
        ImmutableArray<KubernetesObject> pods)
    {
        MeshObjects = meshObjects;
        _pods = pods.ToDictionary(p => p.Key, StringComparer.Ordinal);
        _services = services.ToDictionary(s => s.Key, StringComparer.Ordinal);

        // Indexed once per rebuild, so finding a service's slices does not scan every slice of the cluster.
        _slicesByService = endpointSlices.ToLookup(s => $"{s.Namespace}/{ServiceOf(s)}", StringComparer.Ordinal);
    }

    /// <summary>Mesh objects keyed by kind (<c>MeshService</c>, …).</summary>
    public ImmutableDictionary<string, ImmutableArray<KubernetesObject>> MeshObjects { get; }

    /// <summary>The pod <c>namespace/name</c>, if known.</summary>
    public KubernetesObject? Pod(string key) => _pods.GetValueOrDefault(key);

    /// <summary>The Service <c>namespace/name</c>, if known.</summary>
    public KubernetesObject? Service(string key) => _services.GetValueOrDefault(key);

    /// <summary>The EndpointSlices of Service <c>namespace/name</c> (by their <c>kubernetes.io/service-name</c> label), in key order.</summary>
    public IEnumerable<KubernetesObject> SlicesOf(string serviceKey) => _slicesByService[serviceKey];

    private static string? ServiceOf(KubernetesObject slice) =>
        slice.Body.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("labels", out var labels)
            ? KubernetesObject.Text(labels, ServiceNameLabel)
            : null;
}
