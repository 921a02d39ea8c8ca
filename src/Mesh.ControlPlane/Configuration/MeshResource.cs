namespace Mesh.ControlPlane.Configuration;

/// <summary>A loaded resource of any kind: its metadata plus a typed spec.</summary>
internal abstract record MeshResource(ResourceMetadata Metadata)
{
    /// <summary>The resource kind as written in YAML (<c>MeshService</c>, ...).</summary>
    public abstract string Kind { get; }
}
