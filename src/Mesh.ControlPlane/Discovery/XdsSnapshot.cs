using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// One published mesh config with its per-client-kind translations, made on first use, and the
/// signal that completes when a newer snapshot replaces it.
/// </summary>
internal sealed class XdsSnapshot
{
    private readonly Lazy<VersionedResources>[] _byKind;
    private readonly TaskCompletionSource _superseded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private XdsSnapshot(long generation, MeshConfig? config, Func<MeshConfig, ClientKind, XdsResourceSet> translate)
    {
        Generation = generation;
        Config = config;
        var kinds = Enum.GetValues<ClientKind>();
        _byKind = new Lazy<VersionedResources>[kinds.Length];
        foreach (var kind in kinds)
        {
            _byKind[(int)kind] = new Lazy<VersionedResources>(
                () => config is null ? VersionedResources.From(XdsResourceSet.Empty) : VersionedResources.From(translate(config, kind)),
                LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    /// <summary>Counts publishes; 0 before the first config arrives.</summary>
    public long Generation { get; }

    /// <summary>The published config; null until the first publish.</summary>
    public MeshConfig? Config { get; }

    /// <summary>Completes (asynchronously for awaiters) when a newer snapshot is published.</summary>
    public Task Superseded => _superseded.Task;

    public static XdsSnapshot Initial(Func<MeshConfig, ClientKind, XdsResourceSet> translate) => new(0, null, translate);

    /// <summary>The resources for <paramref name="kind"/>, translated once per snapshot.</summary>
    public VersionedResources For(ClientKind kind) => _byKind[(int)kind].Value;

    public XdsSnapshot Next(MeshConfig config, Func<MeshConfig, ClientKind, XdsResourceSet> translate) =>
        new(Generation + 1, config, translate);

    public void MarkSuperseded() => _superseded.TrySetResult();
}
