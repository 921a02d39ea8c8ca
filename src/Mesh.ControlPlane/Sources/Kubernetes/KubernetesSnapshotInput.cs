using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>Everything the Kubernetes source knows at one moment: mesh objects per kind, Services, EndpointSlices and Pods, each sorted by key.</summary>
internal sealed class KubernetesSnapshotInput
{
    private readonly FrozenDictionary<string, KubernetesObject> _pods;

    public KubernetesSnapshotInput(
        ImmutableDictionary<string, ImmutableArray<KubernetesObject>> meshObjects,
        ImmutableArray<KubernetesObject> services,
        ImmutableArray<KubernetesObject> endpointSlices,
        ImmutableArray<KubernetesObject> pods)
    {
        MeshObjects = meshObjects;
        Services = services;
        EndpointSlices = endpointSlices;
        _pods = pods.ToFrozenDictionary(p => p.Key, StringComparer.Ordinal);
    }

    /// <summary>Mesh objects keyed by kind (<c>MeshService</c>, …).</summary>
    public ImmutableDictionary<string, ImmutableArray<KubernetesObject>> MeshObjects { get; }

    public ImmutableArray<KubernetesObject> Services { get; }

    public ImmutableArray<KubernetesObject> EndpointSlices { get; }

    /// <summary>The pod <c>namespace/name</c>, if known.</summary>
    public KubernetesObject? Pod(string key) => _pods.GetValueOrDefault(key);
}
