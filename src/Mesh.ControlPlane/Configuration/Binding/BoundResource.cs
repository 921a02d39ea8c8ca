using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>A bound resource and where each of its fields was written, for whole-snapshot validation.</summary>
internal sealed record BoundResource(MeshResource Resource, ImmutableDictionary<string, SourceLocation> Locations)
{
    /// <summary><c>namespace/name</c>, the key of the resource in <see cref="MeshConfig"/>.</summary>
    public string Key => $"{Resource.Metadata.Namespace}/{Resource.Metadata.Name}";

    /// <summary>Where <paramref name="field"/> was written; the resource's metadata when it was not.</summary>
    public SourceLocation LocationOf(string field) =>
        Locations.TryGetValue(field, out var location) ? location : Resource.Metadata.Location;
}
